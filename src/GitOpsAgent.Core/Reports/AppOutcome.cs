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
}
