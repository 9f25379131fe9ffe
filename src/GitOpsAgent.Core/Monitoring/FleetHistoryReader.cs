using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// Reads the monitoring branch's own history (`history`, Get-GitOpsHistory): every change of an app's status or
/// commit on each device, oldest first. It reads the commits that are there; when older history was squashed by
/// the retention trim it says where the history now starts.
/// </summary>
public sealed class FleetHistoryReader(AgentPaths paths, GitClient git, IAgentHost agentHost)
{
    private readonly IAgentHost _host = RedactingHost.Wrap(agentHost);

    public FleetHistory Read(AgentConfig config, HistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(query);
        var entries = new List<HistoryEntry>();
        var notes = new List<string>();
        foreach (var source in config.ConfigRepos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var label = SecretRedactor.Redact(source.ToString());
            var clone = new MonitoringClone(paths.FleetClone(source), source, git, _host);
            try
            {
                clone.EnsureReady(repairLeftovers: false);
                var fetch = clone.FetchHistory(clone.FleetRef);
                if (!fetch.Reachable)
                {
                    _host.WriteWarning($"{label}: the remote could not be reached ({fetch.Error}); reading {source.MonitoringBranch} as last fetched.");
                }

                var tip = git.TryRun(clone.Path, GitCallKind.Local, "rev-parse", "--verify", "-q", clone.FleetRef + "^{commit}");
                if (!tip.Succeeded)
                {
                    notes.Add($"{label}: {source.MonitoringBranch} has no history yet.");
                    continue;
                }

                entries.AddRange(ReadBranch(clone.Path, tip.StandardOutput.Trim(), label, query, notes));
            }
            catch (Exception ex) when (ex is GitException or MonitoringException or IOException or UnauthorizedAccessException)
            {
                _host.WriteWarning($"{label}: the history could not be read: {ex.Message}");
            }
        }

        return new FleetHistory([.. entries.OrderBy(e => e.Time).ThenBy(e => e.Device, StringComparer.Ordinal).ThenBy(e => e.App, StringComparer.Ordinal)], notes);
    }

    private List<HistoryEntry> ReadBranch(string repository, string tip, string source, HistoryQuery query, List<string> notes)
    {
        // Oldest first, with the device reports each commit touched; one git process for the whole log.
        var log = git.Run(repository, GitCallKind.Local, "log", "--reverse", "--format=%x01%H %cI %P", "--name-only", tip, "--", "*.toml");
        var last = new Dictionary<(string Device, string App), (string Status, string? Commit)>();
        var entries = new List<HistoryEntry>();
        var first = true;
        foreach (var block in log.Split('\u0001', StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var header = lines[0].Split(' ');
            var (sha, committed) = (header[0], DateTimeOffset.Parse(header[1], CultureInfo.InvariantCulture));
            if (first)
            {
                first = false;
                if (header.Length == 2)
                {
                    // A root commit: the branch was created or trimmed here; earlier changes, if any, were squashed.
                    notes.Add($"{source}: history starts at {committed.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (commit {sha[..12]}); anything older was trimmed after monitoring_history_retention_days, or came before the first report.");
                }
            }

            foreach (var file in lines.Skip(1).Where(f => f.EndsWith(".toml", StringComparison.Ordinal) && !f.Contains('/', StringComparison.Ordinal)))
            {
                var device = file[..^".toml".Length];
                if (query.Device is not null && device != query.Device)
                {
                    continue;
                }

                var shown = git.TryRun(repository, GitCallKind.Local, "show", $"{sha}:{file}");
                if (!shown.Succeeded)
                {
                    continue;
                }

                entries.AddRange(Changes(device, shown.StandardOutput, sha, committed, source, query, last));
            }
        }

        return entries;
    }

    private static IEnumerable<HistoryEntry> Changes(string device, string text, string sha, DateTimeOffset committed, string source, HistoryQuery query, Dictionary<(string, string), (string Status, string? Commit)> last)
    {
        TomlTable report;
        try
        {
            report = TomlParser.Parse(text);
        }
        catch (TomlException)
        {
            yield break;
        }

        var time = report.TryGetOffsetDateTime(HealthReportWriter.LastUpdatedKey, out var updated) ? updated : committed;
        foreach (var (app, value) in report)
        {
            if (value is not TomlTable entry || !entry.TryGetString("status", out var status) || (query.App is not null && app != query.App))
            {
                continue;
            }

            var commit = entry.TryGetString("actual-commit", out var actual) ? actual : null;
            var known = last.TryGetValue((device, app), out var before);
            if (known && before.Status == status && before.Commit == commit)
            {
                continue;
            }

            last[(device, app)] = (status, commit);
            if ((query.Since is { } since && time < since) || (query.Until is { } until && time > until))
            {
                continue;
            }

            yield return new HistoryEntry
            {
                Device = device,
                App = app,
                Time = time,
                Status = status,
                Commit = commit,
                PreviousStatus = known ? before.Status : null,
                PreviousCommit = known ? before.Commit : null,
                Error = entry.TryGetString("error", out var error) ? error : null,
                Source = source,
                MonitoringCommit = sha,
            };
        }
    }
}
