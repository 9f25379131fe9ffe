using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// Publishes the device's health report to the <c>&lt;branch&gt;-monitoring</c> branch of every config repo it uses:
/// at most one commit and push per repo per call, nothing when only <c>last-updated</c> would change. A whole fleet
/// writes the branch at once, so a push that lost a race is redone on the new remote tip (each device owns one file),
/// and a history trim is pushed with a lease so it never discards another device's commit.
/// </summary>
public sealed class MonitoringPublisher
{
    // Measured with 100 devices pushing at once (bench/RESULTS.md): 20 attempts with a 2 s back-off cap left some
    // devices' reports for the next pass; 60 attempts with a 5 s cap land all of them, and still bound a pass.
    public const int DefaultMaxPushAttempts = 60;

    private readonly AgentPaths _paths;
    private readonly GitClient _git;
    private readonly IAgentHost _host;

    public MonitoringPublisher(AgentPaths paths, GitClient git, IAgentHost host)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(host);
        _paths = paths;
        _git = git;
        _host = RedactingHost.Wrap(host);
    }

    public int MaxPushAttempts { get; init; } = DefaultMaxPushAttempts;

    /// <summary>
    /// Overrides the agent config's <c>monitoring_heartbeat_hours</c>. A report is pushed when it changed in anything but <c>last-updated</c>; besides, an
    /// unchanged report whose <c>last-updated</c> is older than this is pushed anyway, and the report records the
    /// heartbeat so the fleet view judges staleness by it instead of flagging a quiet, healthy device.
    /// </summary>
    public TimeSpan? Heartbeat { get; init; }

    /// <summary>
    /// How often the retention trim looks at the branch's history (commits and trees, never reports), which a publish
    /// otherwise never downloads; a new monitoring clone first looks one interval after it was made.
    /// </summary>
    public TimeSpan TrimCheckInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The clock for <c>last-updated</c> fallbacks and the retention cutoff.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public IReadOnlyList<PublishResult> Publish(AgentConfig config, PassReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(report);
        var results = new List<PublishResult>();
        foreach (var source in config.ConfigRepos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PublishResult result;
            if (report.DryRun || !_host.ShouldProcess($"{source.MonitoringBranch} of {source.Url}", "Publish the health report"))
            {
                result = new PublishResult { Source = source.ToString(), Branch = source.MonitoringBranch, Message = $"{Label(source)}: dry run, nothing published." };
            }
            else
            {
                try
                {
                    result = PublishOne(config, report, source, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is GitException or MonitoringException or IOException or UnauthorizedAccessException or Processes.ProcessStartException)
                {
                    var error = $"the health report for {source} could not be published: {ex.Message}";
                    _host.WriteWarning(error);
                    result = new PublishResult { Source = source.ToString(), Branch = source.MonitoringBranch, Error = error, Message = error };
                }
            }

            result = SecretRedactor.Redact(result);
            _host.WriteVerbose(result.Message);
            results.Add(result);
        }

        return results;
    }

    private PublishResult PublishOne(AgentConfig config, PassReport report, ConfigRepoSource source, CancellationToken cancellationToken)
    {
        var clone = new MonitoringClone(_paths.MonitoringClone(source), source, _git, _host);
        if (clone.EnsureReady(repairLeftovers: true))
        {
            // A new device's first publish stays as small as every other: the history is looked at a day later.
            clone.MarkTrimChecked(Clock.GetUtcNow());
        }

        var fileName = config.InfraName + ".toml";
        clone.CheckOutOnly(fileName);
        if (report.PreviousPassInterrupted)
        {
            clone.DiscardUncommitted();
        }

        // An app removed from the agent config is in this one report, to say so once.
        var managed = config.Applications.Where(app => app.Source == source).Select(app => app.Name)
            .Concat(report.Apps.Where(app => app.Removed && BelongsTo(app, source)).Select(app => app.Name))
            .Distinct(StringComparer.Ordinal).ToList();
        var now = Clock.GetUtcNow();
        var existing = clone.ReadFile(fileName);
        var heartbeat = Heartbeat ?? (config.MonitoringHeartbeatHours > 0 ? TimeSpan.FromHours(config.MonitoringHeartbeatHours) : null);
        var health = HealthReportWriter.Write(new HealthReportRequest
        {
            Device = config.InfraName,
            IntervalSeconds = config.Interval,
            HeartbeatSeconds = heartbeat is { } beat && beat > TimeSpan.Zero ? (int)Math.Min(int.MaxValue, beat.TotalSeconds) : 0,
            LastUpdated = report.FinishedAt == default ? now : report.FinishedAt,
            ManagedApps = managed,
            Outcomes = [.. report.Apps.Where(app => managed.Contains(app.Name, StringComparer.Ordinal) && BelongsTo(app, source))],
            ExistingText = existing,
        });

        var changed = !HealthReportWriter.SameExceptLastUpdated(existing, health.Text);
        var (local, tracking) = clone.Heads();
        var pending = local is not null && local != tracking;
        var heartbeatDue = heartbeat is { } every && every > TimeSpan.Zero
            && HealthReportWriter.LastUpdatedOf(existing) is { } published && now - published >= every;
        if (!changed && !pending && !heartbeatDue)
        {
            return Result(source, $"{Label(source)}: report unchanged ({health.OverallStatus}); nothing to publish.");
        }

        var run = new PublishRun(this, config, source, clone, health, now, cancellationToken);
        return run.Execute(local);
    }

    // The report's sources are redacted (SecretRedactor), so they are compared in that form.
    private static bool BelongsTo(AppOutcome app, ConfigRepoSource source) =>
        string.Equals(app.ConfigSource, SecretRedactor.Redact(source.ToString()), StringComparison.Ordinal)
        || string.Equals(SecretRedactor.Redact(app.ConfigSource), SecretRedactor.Redact(source.ToString()), StringComparison.Ordinal);

    /// <summary>Names the branch and its repo, since several config repos may share a branch name.</summary>
    private static string Label(ConfigRepoSource source) => $"{source.MonitoringBranch} of {SecretRedactor.Redact(source.Url)}";

    private static PublishResult Result(ConfigRepoSource source, string message) =>
        new() { Source = source.ToString(), Branch = source.MonitoringBranch, Message = message };

    /// <summary>One repo's publication: the fetch, trim, commit and push attempts of a single call.</summary>
    private sealed class PublishRun(
        MonitoringPublisher owner,
        AgentConfig config,
        ConfigRepoSource source,
        MonitoringClone clone,
        HealthReport health,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        private readonly BackOff _backOff = BackOff.Default;
        private bool _trimAllowed = config.MonitoringHistoryRetentionDays > 0 && clone.TrimCheckDue(now, owner.TrimCheckInterval);
        private int _retries;

        public PublishResult Execute(string? localHead)
        {
            string? lastRace = null;
            for (var attempt = 1; attempt <= owner.MaxPushAttempts; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fetch = clone.Fetch(withHistory: _trimAllowed);
                if (!fetch.Reachable)
                {
                    return KeepLocally(attempt == 1 ? localHead : null, fetch.Error ?? "unknown error", _retries);
                }

                if (_trimAllowed)
                {
                    clone.MarkTrimChecked(now);
                }

                var trim = TryTrim(fetch.Tip);
                var onto = trim?.NewTip ?? fetch.Tip;
                clone.ResetTo(onto);
                var committed = WriteAndCommit(onto);
                if (!committed && trim is null)
                {
                    return Done(committed: false, pushed: false, trimmed: false, $"{Label(source)}: the remote already holds this report ({health.OverallStatus}).");
                }

                var push = clone.Push(guarded: trim is not null, fetch.Tip);
                switch (push.Outcome)
                {
                    case PushOutcome.Pushed:
                        var trimNote = trim is null ? string.Empty : $"; history older than {config.MonitoringHistoryRetentionDays} days squashed ({trim.SquashedCommits} commits into one base, {trim.KeptCommits} kept)";
                        var retryNote = _retries == 0 ? string.Empty : $" after {_retries} {(_retries == 1 ? "retry" : "retries")} (other devices pushed first)";
                        return Done(committed, pushed: true, trimmed: trim is not null, $"{Label(source)}: pushed {health.CommitMessage}{retryNote}{trimNote}.");
                    case PushOutcome.Raced:
                        _retries++;
                        lastRace = push.Detail;
                        owner._host.WriteVerbose($"{Label(source)}: another device pushed first; redoing the commit on the new tip (attempt {attempt + 1}).");
                        _backOff.Wait(attempt, cancellationToken);
                        continue;
                    case PushOutcome.Refused when trim is not null:
                        owner._host.WriteWarning($"{Label(source)}: the remote refused the trimmed history ({push.Detail}); publishing without trimming. Allow force-pushes to this branch for history retention to work.");
                        _trimAllowed = false;
                        continue;
                    case PushOutcome.Refused:
                        return Failed($"the remote refused the push to {Label(source)}: {push.Detail}. Check the branch protection and hooks for this branch; the report is kept in {clone.Path} and the next pass tries again.", committed);
                    default:
                        if (trim is not null)
                        {
                            // Never leave a rewritten history behind: the pending commit goes back onto the tip as fetched.
                            clone.ResetTo(fetch.Tip);
                            committed = WriteAndCommit(fetch.Tip);
                        }

                        return KeepLocally(null, push.Detail, _retries, committedAlready: committed);
                }
            }

            return Failed(
                $"{Label(source)}: gave up after {owner.MaxPushAttempts} push attempts, each beaten by another device ({lastRace}). The report is kept in {clone.Path}; the next pass tries again.",
                committed: true);
        }

        private TrimResult? TryTrim(string? tip)
        {
            if (!_trimAllowed || tip is null)
            {
                return null;
            }

            try
            {
                var cutoff = now - TimeSpan.FromDays(config.MonitoringHistoryRetentionDays);
                return new HistoryTrimmer(owner._git, clone.Path, config.InfraName).Trim(tip, cutoff);
            }
            catch (Exception ex) when (ex is GitException or MonitoringException or FormatException)
            {
                // Only objects were written, no ref moved: the branch is as it was, so publish without trimming.
                owner._host.WriteWarning($"{Label(source)}: the history trim failed and was skipped ({ex.Message}).");
                _trimAllowed = false;
                return null;
            }
        }

        private bool WriteAndCommit(string? onto)
        {
            var files = clone.WriteReportAndDashboard(config.InfraName, health.Text, onto);
            return clone.Commit(config.InfraName, health.CommitMessage, config.SigningKey, files);
        }

        private PublishResult KeepLocally(string? localHead, string error, int retries, bool committedAlready = false)
        {
            var committed = committedAlready;
            if (!committedAlready)
            {
                // Commit onto what this device already has, so earlier unpublished reports stay in the clone too.
                var onto = localHead ?? clone.Heads().Local;
                clone.ResetTo(onto);
                committed = WriteAndCommit(onto);
            }

            var message = $"{Label(source)}: the remote could not be reached ({error}). The report is kept in {clone.Path} and is published by the next pass that reaches the remote.";
            owner._host.WriteWarning(message);
            return new PublishResult
            {
                Source = source.ToString(),
                Branch = source.MonitoringBranch,
                Committed = committed,
                PendingOffline = true,
                PushRetries = retries,
                Error = message,
                Message = message,
            };
        }

        private PublishResult Done(bool committed, bool pushed, bool trimmed, string message) => new()
        {
            Source = source.ToString(),
            Branch = source.MonitoringBranch,
            Committed = committed,
            Pushed = pushed,
            Trimmed = trimmed,
            PushRetries = _retries,
            Message = message,
        };

        private PublishResult Failed(string error, bool committed)
        {
            owner._host.WriteWarning(error);
            return new PublishResult
            {
                Source = source.ToString(),
                Branch = source.MonitoringBranch,
                Committed = committed,
                PushRetries = _retries,
                Error = error,
                Message = error,
            };
        }
    }
}
