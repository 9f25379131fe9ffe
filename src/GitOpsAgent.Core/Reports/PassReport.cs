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

    public bool AllHealthy => Apps.All(app => app.Healthy);

    public string OverallStatus => HealthSummary.Overall(Apps.Select(app => (app.Name, app.Healthy)).ToList());
}
