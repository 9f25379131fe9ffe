using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// On a connected machine, lands an air-gapped device's queued reports on the real monitoring branch: each report is
/// committed again, oldest first, on the branch's current tip (the device's own file and the regenerated dashboard
/// only), and pushed the way the publisher pushes, redone on the new tip when another device pushed first, never
/// forced. Reports the branch already has (by the device's last-updated) are left out, so importing twice is harmless.
/// </summary>
public sealed class ReportImporter(GitClient git, IAgentHost host)
{
    public int MaxPushAttempts { get; init; } = MonitoringPublisher.DefaultMaxPushAttempts;

    public ReportsImported Import(string bundlePath, ConfigRepoSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundlePath);
        ArgumentNullException.ThrowIfNull(source);
        var path = Path.GetFullPath(bundlePath);
        var header = BundleHeader.Read(path);
        git.Cancellation = cancellationToken;
        using var scratch = ScratchRepository.Create(git, Path.GetTempPath(), "gitops-import-reports-");
        // An export made against what the device last pushed needs those commits: they are on the branch.
        var branch = git.TryRun(scratch.Path, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "--", source.Url, $"+refs/heads/{source.MonitoringBranch}:refs/gitops-remote/monitoring");
        if (!branch.Succeeded && !branch.StandardError.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase))
        {
            throw new AirGapException($"could not fetch {source.MonitoringBranch} of {source.Url} (--config-repo): {branch.StandardError.Trim()}. Check the URL and that this machine can reach it; nothing was pushed.");
        }

        BundleUnpacker.Unpack(git, scratch.Path, path, header, $"The monitoring branch no longer has what the device last pushed (trimmed or rewritten): export all of its reports on the device with 'gitops-agent export-reports --all --out FILE'.");
        var (root, kind) = ManifestCommit.Read(git, scratch.Path, path);
        if (kind != ReportsBundleManifest.Kind)
        {
            throw new AirGapException($"{path} is not a reports bundle (kind '{kind}'). A config bundle is imported on the device (gitops-agent import FILE); reports come from 'gitops-agent export-reports' on the device.");
        }

        var manifest = ReportsBundleManifest.Parse(root, path);
        var queue = Match(manifest, source, path);
        var reports = Read(scratch.Path, queue, manifest.Device);
        var landed = Replay(new MonitoringClone(Path.Combine(scratch.Folder, "monitoring"), source, git, host), manifest.Device, reports, cancellationToken);
        var message = landed.Published == 0
            ? $"{source.MonitoringBranch} of {source.Url} already holds all {reports.Count} queued report{(reports.Count == 1 ? string.Empty : "s")} of {manifest.Device}; nothing was pushed."
            : $"{source.MonitoringBranch} of {source.Url}: pushed {landed.Published} queued report{(landed.Published == 1 ? string.Empty : "s")} of {manifest.Device}, oldest first" +
              (landed.AlreadyThere == 0 ? string.Empty : $" ({landed.AlreadyThere} already there)") +
              (landed.Retries == 0 ? "." : $" after {landed.Retries} {(landed.Retries == 1 ? "retry" : "retries")} (other devices pushed first).");
        return new ReportsImported
        {
            Path = path,
            Device = manifest.Device,
            ConfigRepo = source.ToString(),
            Branch = source.MonitoringBranch,
            Queued = reports.Count,
            Published = landed.Published,
            AlreadyThere = landed.AlreadyThere,
            PushRetries = landed.Retries,
            Message = message,
        };
    }

    /// <summary>The queue for <paramref name="source"/>: the device's URL may differ from this machine's, so the branch decides, then the URL, then the repo name.</summary>
    private static QueuedReports Match(ReportsBundleManifest manifest, ConfigRepoSource source, string path)
    {
        var sameBranch = manifest.Queues.Where(queue => queue.Branch == source.Branch).ToList();
        var chosen = sameBranch.Count == 1
            ? sameBranch[0]
            : sameBranch.FirstOrDefault(queue => ConfigRepoSource.Normalize(queue.ConfigUrl) == source.NormalizedUrl)
              ?? sameBranch.SingleOrDefault(queue => new ConfigRepoSource(queue.ConfigUrl, queue.Branch).Slug == source.Slug);
        return chosen ?? throw new AirGapException(
            $"{path} holds no reports of {manifest.Device} for {source} (it has: {string.Join(", ", manifest.Queues.Select(queue => $"{queue.ConfigUrl}@{queue.Branch}"))}). Give --config-repo the repo and branch of one of them.");
    }

    private List<QueuedReport> Read(string repository, QueuedReports queue, string device)
    {
        string[] range = queue.Base is null ? [queue.Tip] : [queue.Tip, "^" + queue.Base];
        var log = git.Run(repository, GitCallKind.Local, ["log", "--reverse", "--format=%H%x09%aI%x09%s", .. range]);
        var reports = new List<QueuedReport>();
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t', 3);
            var shown = git.TryRun(repository, GitCallKind.Local, "show", $"{parts[0]}:{device}.toml");
            if (parts.Length == 3 && shown.Succeeded)
            {
                reports.Add(new QueuedReport(shown.StandardOutput, parts[2], DateTimeOffset.Parse(parts[1], CultureInfo.InvariantCulture)));
            }
        }

        return reports;
    }

    private (int Published, int AlreadyThere, int Retries) Replay(MonitoringClone clone, string device, IReadOnlyList<QueuedReport> reports, CancellationToken cancellationToken)
    {
        clone.EnsureReady(repairLeftovers: false);
        var fileName = device + ".toml";
        clone.CheckOutOnly(fileName);
        var backOff = BackOff.Default;
        string? lastRace = null;
        for (var attempt = 1; attempt <= MaxPushAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fetch = clone.Fetch();
            if (!fetch.Reachable)
            {
                throw new AirGapException($"{clone.Branch} of {clone.Source.Url} could not be reached ({fetch.Error}); nothing was pushed. Run import-reports again when it can be.");
            }

            clone.ResetTo(fetch.Tip);
            var newest = HealthReportWriter.LastUpdatedOf(clone.ReadFile(fileName));
            var published = 0;
            var alreadyThere = 0;
            foreach (var report in reports)
            {
                if (newest is { } onBranch && HealthReportWriter.LastUpdatedOf(report.Text) is { } queued && queued <= onBranch)
                {
                    alreadyThere++;
                    continue;
                }

                var files = clone.WriteReportAndDashboard(device, report.Text, fetch.Tip);
                if (clone.Commit(device, report.Subject, signingKey: null, report.AuthoredAt, files))
                {
                    published++;
                }
                else
                {
                    alreadyThere++;
                }
            }

            if (published == 0)
            {
                return (0, alreadyThere, attempt - 1);
            }

            var push = clone.Push(guarded: false, fetch.Tip);
            switch (push.Outcome)
            {
                case PushOutcome.Pushed:
                    return (published, alreadyThere, attempt - 1);
                case PushOutcome.Raced:
                    lastRace = push.Detail;
                    host.WriteVerbose($"{clone.Branch} of {clone.Source.Url}: another device pushed first; replaying on the new tip (attempt {attempt + 1}).");
                    backOff.Wait(attempt, cancellationToken);
                    continue;
                case PushOutcome.Refused:
                    throw new AirGapException($"the remote refused the push to {clone.Branch} of {clone.Source.Url}: {push.Detail}. Check the branch protection and hooks for this branch; nothing was pushed.");
                default:
                    throw new AirGapException($"the push to {clone.Branch} of {clone.Source.Url} failed: {push.Detail}. Nothing was pushed; run import-reports again.");
            }
        }

        throw new AirGapException($"{clone.Branch} of {clone.Source.Url}: gave up after {MaxPushAttempts} push attempts, each beaten by another device ({lastRace}). Nothing was pushed; run import-reports again.");
    }

    private sealed record QueuedReport(string Text, string Subject, DateTimeOffset AuthoredAt);
}
