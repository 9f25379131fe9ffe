using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Lifecycle;

namespace GitOpsAgent.Core.Reports;

/// <summary>What a pass did for one application and how healthy it left it.</summary>
public sealed record AppOutcome
{
    public required string Name { get; init; }

    /// <summary>The config repo (url@branch) that declares this app.</summary>
    public required string ConfigSource { get; init; }

    public string Status { get; init; } = StatusLabels.Healthy;

    public bool Healthy => StatusLabels.IsHealthy(Status);

    /// <summary>True when an operator must act (a failure); false for healthy apps and for a dry run's "would change".</summary>
    public bool NeedsAttention => StatusLabels.NeedsAttention(Status);

    /// <summary>True when the pass changed anything on the device for this app.</summary>
    public bool Changed { get; init; }

    public IReadOnlyList<DriftReason> Drift { get; init; } = [];

    /// <summary>The actions the plan chose, in order (also what a dry run prints).</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>The same actions by short name (pre, clone, fetch, preserve, checkout, config, post), for tables.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    public string? DesiredCommit { get; init; }

    public string? ActualCommit { get; init; }

    public string? CodeLocalPath { get; init; }

    /// <summary>The first error that stopped this app, in words an operator can act on.</summary>
    public string? Error { get; init; }

    public StepResult ConfigUpdate { get; init; } = StepResult.NotNeeded;

    public StepResult AppUpdate { get; init; } = StepResult.NotNeeded;

    public IReadOnlyList<CommandRun> Commands { get; init; } = [];

    /// <summary>Where replaced local changes to tracked files were kept (ref and stash in the app repo).</summary>
    public IReadOnlyList<string> PreservedChanges { get; init; } = [];

    /// <summary>Backups of config files that were overwritten.</summary>
    public IReadOnlyList<string> ConfigBackups { get; init; } = [];

    /// <summary>Things the operator should know that did not fail the app (unknown keys, skipped config files).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The app's health check in this pass (after a change, or while in sync); null when none ran.</summary>
    public HealthCheckResult? HealthCheck { get; init; }

    /// <summary>
    /// The step that failed after the device was touched: pre, checkout, config, post or health. Null when nothing
    /// failed, or when the failure came before anything changed (a fetch), which is simply tried at the next pass.
    /// </summary>
    public string? FailedStep { get; init; }

    /// <summary>The desired commit that failed on this device and is held (not tried again until git changes or a retry).</summary>
    public string? FailedCommit { get; init; }

    /// <summary>The commit the app was rolled back to after the failure, when it was.</summary>
    public string? RolledBackTo { get; init; }

    /// <summary>How often the held desired state has been tried.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>True when the pass chose not to apply the desired state: held after a failure, suspended, or manual sync.</summary>
    public bool HeldBack { get; init; }

    /// <summary>The suspension that kept the pass from changing the app (on this device or in git).</summary>
    public AppSuspension? Suspension { get; init; }

    public SyncMode Sync { get; init; } = SyncMode.Auto;

    public FailurePolicy OnFailure { get; init; } = FailurePolicy.Rollback;

    /// <summary>True when the app left the desired state; <see cref="RemovedTo"/> says where its checkout went.</summary>
    public bool Removed { get; init; }

    public string? RemovedTo { get; init; }
}
