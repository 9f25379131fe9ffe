using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// Carries the reports a device could not push out of it: for each config repo, the commits of its monitoring clone that
/// the remote is not known to have (or all of them), in one bundle with a manifest naming the device and the repos.
/// Reads the monitoring clones only; what is exported stays queued until a pass reaches the remote.
/// </summary>
public sealed class ReportExporter(AgentPaths paths, IAgentHost host)
{
    public const string QueueRefPrefix = ManifestCommit.RefPrefix + "reports/";

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <param name="config">The device's agent config.</param>
    /// <param name="outPath">Where to write the bundle.</param>
    /// <param name="all">Every report of the monitoring clones, also those the remote already had.</param>
    public ReportsExported Export(AgentConfig config, string outPath, bool all = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(outPath);
        var git = new GitClient(host: RedactingHost.Wrap(host));
        var clones = config.ConfigRepos
            .Select(source => (Source: source, Path: paths.MonitoringClone(source)))
            .Where(entry => GitRepositoryLayout.Open(entry.Path) is not null)
            .ToList();
        using var scratch = ScratchRepository.Create(git, Path.GetTempPath(), "gitops-reports-", clones.Select(entry => Path.Combine(entry.Path, ".git", "objects")));
        var queues = new List<QueuedReports>();
        var revisions = new List<string> { ManifestCommit.Ref };
        foreach (var (source, clone) in clones)
        {
            var local = Head(git, clone, "refs/heads/" + source.MonitoringBranch);
            var tracking = all ? null : Head(git, clone, "refs/remotes/origin/" + source.MonitoringBranch);
            if (local is null || local == tracking)
            {
                continue;
            }

            var range = tracking is null ? [local] : new[] { local, "^" + tracking };
            var count = int.Parse(git.Run(clone, GitCallKind.Local, ["rev-list", "--count", .. range]).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (count == 0)
            {
                continue;
            }

            var reference = QueueRefPrefix + (queues.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            git.Run(scratch.Path, GitCallKind.Local, "update-ref", reference, local);
            revisions.Add(reference);
            if (tracking is not null)
            {
                revisions.Add("^" + tracking);
            }

            queues.Add(new QueuedReports { ConfigUrl = source.Url, Branch = source.Branch, Ref = reference, Tip = local, Base = tracking, Reports = count });
        }

        if (queues.Count == 0)
        {
            var checkedRepos = clones.Count == 0 ? "this device has no monitoring clone yet (no pass has published)" : $"every report of {string.Join(", ", clones.Select(entry => entry.Source.MonitoringBranch + " of " + entry.Source.Url))} is on its remote already";
            return new ReportsExported { Device = config.InfraName, Message = $"nothing queued: {checkedRepos}; no file was written." };
        }

        ManifestCommit.Write(git, scratch.Path, new ReportsBundleManifest { Device = config.InfraName, Created = Clock.GetUtcNow(), Queues = queues }.ToToml());
        var written = BundleFile.Write(git, scratch.Path, outPath, revisions);
        var total = queues.Sum(queue => queue.Reports);
        return new ReportsExported
        {
            Path = written,
            Bytes = new FileInfo(written).Length,
            Device = config.InfraName,
            Queues = queues,
            Message = $"{written}: {total} queued report commit{(total == 1 ? string.Empty : "s")} of {config.InfraName} for {string.Join(", ", queues.Select(queue => queue.Branch + "-monitoring of " + queue.ConfigUrl))}. Carry it to a connected machine and run: gitops-agent import-reports {Path.GetFileName(written)} --config-repo URL@BRANCH.",
        };
    }

    private static string? Head(GitClient git, string clone, string reference)
    {
        var result = git.TryRun(clone, GitCallKind.Local, "rev-parse", "--verify", "--quiet", reference + "^{commit}");
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }
}
