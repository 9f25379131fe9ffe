namespace GitOpsAgent.Core.Reports;

/// <summary>The outcome of one reconcile pass over every app: what the health report and status views are made from.</summary>
public sealed record PassReport
{
    public required string InfraName { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public bool DryRun { get; init; }

    public IReadOnlyList<AppOutcome> Apps { get; init; } = [];

    public IReadOnlyList<ConfigRepoState> ConfigRepos { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when the pass before this one died before it finished (its lock was taken over).</summary>
    public bool PreviousPassInterrupted { get; init; }

    public bool AllHealthy => Apps.All(app => app.Healthy);

    /// <summary>True when every config repo answered: what the loops' back-off (PollSchedule) follows.</summary>
    public bool RemoteReachable => ConfigRepos.All(repo => repo.Reachable);

    /// <summary>True when some app failed; what the exit codes follow (a dry run's "would change" is no failure).</summary>
    public bool NeedsAttention => Apps.Any(app => app.NeedsAttention);

    public string OverallStatus => DryRun && !NeedsAttention && Apps.Any(app => !app.Healthy)
        ? $"🔶 dry run: {Apps.Count(app => !app.Healthy)} of {Apps.Count} apps would change: {string.Join(", ", Apps.Where(app => !app.Healthy).Select(app => app.Name))}"
        : HealthSummary.Overall(Apps.Select(app => (app.Name, (string?)app.Status)).ToList());
}
