using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// Reads every device report on the monitoring branch of each configured config repo (<c>status --fleet</c>).
/// Fetches first; when the remote cannot be reached it shows the last fetched state and says so.
/// </summary>
public sealed class FleetStatusReader(AgentPaths paths, GitClient git, IAgentHost agentHost)
{
    private readonly IAgentHost _host = RedactingHost.Wrap(agentHost);

    public IReadOnlyList<FleetRow> Read(AgentConfig config, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rows = new List<FleetRow>();
        foreach (var source in config.ConfigRepos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clone = new MonitoringClone(paths.FleetClone(source), source, git, _host);
            try
            {
                clone.EnsureReady(repairLeftovers: false);
                var fetch = clone.FetchTip(clone.FleetRef);
                string? tip = fetch.Tip;
                if (!fetch.Reachable)
                {
                    tip = LastFetched(clone);
                    _host.WriteWarning(tip is null
                        ? $"{source}: the remote could not be reached ({fetch.Error}) and {source.MonitoringBranch} was never fetched; no reports to show."
                        : $"{source}: the remote could not be reached ({fetch.Error}); showing {source.MonitoringBranch} as last fetched.");
                }
                else if (tip is null)
                {
                    _host.WriteWarning($"{source}: {source.MonitoringBranch} does not exist yet; it is created by the first pass that publishes a report.");
                }

                if (tip is not null)
                {
                    rows.AddRange(FleetRows.From(SecretRedactor.Redact(source.ToString()), ReadReports(clone.Path, tip), now, config.Interval));
                }
            }
            catch (Exception ex) when (ex is GitException or MonitoringException or IOException or UnauthorizedAccessException)
            {
                _host.WriteWarning($"{source}: the fleet reports could not be read: {ex.Message}");
            }
        }

        return FleetRows.WorstFirst(rows);
    }

    /// <summary>The branch as the fleet view last fetched it.</summary>
    private string? LastFetched(MonitoringClone clone)
    {
        foreach (var reference in new[] { clone.FleetRef })
        {
            var result = git.TryRun(clone.Path, GitCallKind.Local, "rev-parse", "--verify", "-q", reference + "^{commit}");
            if (result.Succeeded)
            {
                return result.StandardOutput.Trim();
            }
        }

        return null;
    }

    private List<(string FileName, string Text)> ReadReports(string repositoryPath, string tip)
    {
        var names = git.Run(repositoryPath, GitCallKind.Local, "ls-tree", "--name-only", "-z", tip)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => name.Trim('\n'))
            .Where(name => name.EndsWith(".toml", StringComparison.Ordinal))
            .ToList();
        return [.. names.Select(name => (name, git.Run(repositoryPath, GitCallKind.Local, "show", $"{tip}:{name}")))];
    }
}
