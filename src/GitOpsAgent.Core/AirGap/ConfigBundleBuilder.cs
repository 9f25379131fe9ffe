using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// Makes the one file an air-gapped device needs, on a connected machine without any agent config: the config branch,
/// the device's infra_meta.toml read at its tip, every pinned app commit, and a manifest, in a git bundle. Unless
/// <c>full</c>, it leaves out what the device's last report on the monitoring branch says it already has (the bundle
/// then needs those commits on the device, as prerequisites).
/// </summary>
public sealed class ConfigBundleBuilder(GitClient git, IAgentHost host)
{
    public const string ConfigRef = ManifestCommit.RefPrefix + "config";

    public const string AppRefPrefix = ManifestCommit.RefPrefix + "apps/";

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public BundleCreated Create(ConfigRepoSource source, string device, string outPath, bool full, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outPath);
        if (!SafeName.IsSafe(device))
        {
            throw new AirGapException($"--device '{device}' is not a device name: infra_name holds only {SafeName.Rule}. Give the infra_name of the device's agent config.");
        }

        git.Cancellation = cancellationToken;
        using var scratch = ScratchRepository.Create(git, Path.GetTempPath(), "gitops-bundle-");
        var repo = scratch.Path;
        host.WriteVerbose($"fetching {source.Branch} of {source.Url}");
        var fetched = git.TryRun(repo, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "--", source.Url, $"+refs/heads/{source.Branch}:{ConfigRef}");
        if (!fetched.Succeeded)
        {
            throw new AirGapException($"could not fetch branch '{source.Branch}' of {source.Url} (--config-repo): {Said(fetched)}. Check the URL and the branch after '@', and that this machine can reach the repo.");
        }

        var tip = git.Run(repo, GitCallKind.Local, "rev-parse", "--verify", ConfigRef + "^{commit}").Trim();
        var metaPath = $"{device}/{InfraMetaLoader.FileName}";
        var shown = git.TryRun(repo, GitCallKind.Local, "show", $"{tip}:{metaPath}");
        if (!shown.Succeeded)
        {
            throw new AirGapException($"{source} has no {metaPath} at {CommitId.Abbreviate(tip)}: check --device (the device's infra_name), or add {metaPath} to the config repo.");
        }

        var meta = InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(shown.StandardOutput), metaPath, repo);
        if (!meta.FileIsUsable)
        {
            throw new AirGapException($"{metaPath} in {source} cannot be read: {string.Join("; ", meta.FileFindings.Select(f => f.ToString()))}. Fix it in the config repo (gitops-agent validate), then make the bundle.");
        }

        var warnings = new List<string>();
        var (last, baseNote) = full ? (null, "full: every commit, no prerequisites") : LastReport(source, device);
        var include = new List<string> { ManifestCommit.Ref };
        var exclude = new List<string>();
        var configBase = last?.ConfigCommit is { } reportedConfig && Has(repo, reportedConfig) ? reportedConfig : null;
        var configIncluded = configBase != tip;
        if (configIncluded)
        {
            include.Add(ConfigRef);
            if (configBase is not null)
            {
                exclude.Add("^" + configBase);
            }
        }

        var apps = new List<BundledApp>();
        foreach (var declared in meta.Apps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (declared.App is not { } app)
            {
                warnings.Add($"{metaPath}: app '{declared.Name}' is left out: {string.Join("; ", declared.Errors.Select(f => f.ToString()))}");
                continue;
            }

            var commit = Resolve(repo, app);
            var appRef = AppRefPrefix + app.Name;
            git.Run(repo, GitCallKind.Local, "update-ref", appRef, commit);
            var reported = last?.AppCommits.GetValueOrDefault(app.Name);
            if (reported == commit)
            {
                apps.Add(new BundledApp { Name = app.Name, CodeUrl = app.CodeUrl, Commit = commit, Included = false, Base = commit });
                continue;
            }

            string? appBase = null;
            if (reported is not null && (Has(repo, reported) || FetchQuietly(repo, app.CodeUrl, reported)))
            {
                appBase = reported;
                exclude.Add("^" + reported);
            }

            include.Add(appRef);
            apps.Add(new BundledApp { Name = app.Name, CodeUrl = app.CodeUrl, Commit = commit, Included = true, Base = appBase });
        }

        var manifest = new ConfigBundleManifest
        {
            Device = device,
            ConfigUrl = source.Url,
            Branch = source.Branch,
            ConfigCommit = tip,
            ConfigIncluded = configIncluded,
            ConfigBase = configBase,
            Full = full,
            Created = Clock.GetUtcNow(),
            Apps = apps,
        };
        ManifestCommit.Write(git, repo, manifest.ToToml());
        var written = BundleFile.Write(git, repo, outPath, [.. include, .. exclude]);
        return new BundleCreated
        {
            Path = written,
            Bytes = new FileInfo(written).Length,
            Manifest = manifest,
            Prerequisites = BundleHeader.Read(written).Prerequisites,
            BaseNote = baseNote,
            Warnings = warnings,
        };
    }

    /// <summary>The device's last report on the monitoring branch, or null (with why) when there is none to build on.</summary>
    private (DeviceLastReport? Report, string Note) LastReport(ConfigRepoSource source, string device)
    {
        const string monitoring = ManifestCommit.RefPrefix + "monitoring";
        // Only the tip is read, so it is fetched shallow, into a repo of its own: a shallow boundary in the repo the
        // bundle is made from could change what the bundle holds.
        using var reports = ScratchRepository.Create(git, Path.GetTempPath(), "gitops-bundle-reports-");
        var repo = reports.Path;
        var fetched = git.TryRun(repo, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "--depth=1", "--", source.Url, $"+refs/heads/{source.MonitoringBranch}:{monitoring}");
        if (!fetched.Succeeded)
        {
            return fetched.StandardError.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase)
                ? (null, $"full: {source.MonitoringBranch} does not exist yet, so no device has reported")
                : (null, $"full: {source.MonitoringBranch} could not be read ({Said(fetched)})");
        }

        var shown = git.TryRun(repo, GitCallKind.Local, "show", $"{monitoring}:{device}.toml");
        if (!shown.Succeeded)
        {
            return (null, $"full: {device} has no report on {source.MonitoringBranch} yet");
        }

        return DeviceLastReport.Parse(shown.StandardOutput) is { } report
            ? (report, $"incremental: against {device}'s last report on {source.MonitoringBranch}")
            : (null, $"full: {device}.toml on {source.MonitoringBranch} cannot be read");
    }

    /// <summary>
    /// The pinned commit's full id, fetched by id when the server allows it (only that commit's history), else from
    /// its branches and tags (what an abbreviated id always needs).
    /// </summary>
    private string Resolve(string repo, DesiredApp app)
    {
        var hash = app.CodeCommitHash.ToLowerInvariant();
        host.WriteVerbose($"fetching {app.Name}'s commit {hash} from {app.CodeUrl}");
        if (hash.Length == 40 && (Has(repo, hash) || FetchQuietly(repo, app.CodeUrl, hash)))
        {
            return hash;
        }

        var prefix = $"{ManifestCommit.RefPrefix}fetched/{app.Name}/";
        var fetched = git.TryRun(repo, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "--", app.CodeUrl, $"+refs/heads/*:{prefix}heads/*", $"+refs/tags/*:{prefix}tags/*");
        if (!fetched.Succeeded)
        {
            throw new AirGapException($"app '{app.Name}': could not fetch {app.CodeUrl} (code_url): {Said(fetched)}. Check that this machine can reach it and may read it.");
        }

        var resolved = git.TryRun(repo, GitCallKind.Local, "rev-parse", "--verify", "--quiet", hash + "^{commit}");
        if (!resolved.Succeeded)
        {
            throw new AirGapException($"app '{app.Name}': {app.CodeUrl} has no commit {hash} (code_commit_hash) on any branch or tag, or the abbreviation is ambiguous. Push the commit, or give its full 40-digit id in infra_meta.toml.");
        }

        return resolved.StandardOutput.Trim();
    }

    private bool FetchQuietly(string repo, string url, string commit) =>
        git.TryRun(repo, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "--", url, commit).Succeeded && Has(repo, commit);

    private bool Has(string repo, string commit) => git.TryRun(repo, GitCallKind.Local, "cat-file", "-e", commit + "^{commit}").Succeeded;

    private static string Said(Processes.ProcessResult result) =>
        result.TimedOut ? "timed out" : result.StandardError.Trim() is { Length: > 0 } said ? said.Split('\n')[^1].Trim() : $"git exited with {result.ExitCode}";
}
