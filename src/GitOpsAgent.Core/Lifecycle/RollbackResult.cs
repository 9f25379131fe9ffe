using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>What restoring the last healthy state did: commands run, files kept, and whether it worked.</summary>
public sealed record RollbackResult
{
    public bool Succeeded => Error is null;

    /// <summary>Why the rollback did not finish, or null when it did.</summary>
    public string? Error { get; init; }

    public IReadOnlyList<CommandRun> Commands { get; init; } = [];

    public HealthCheckResult? HealthCheck { get; init; }

    /// <summary>Backups of the files the rollback replaced or retired.</summary>
    public IReadOnlyList<string> Backups { get; init; } = [];

    public IReadOnlyList<string> Preserved { get; init; } = [];
}
