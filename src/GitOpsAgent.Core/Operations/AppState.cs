namespace GitOpsAgent.Core.Operations;

/// <summary>
/// One app's desired state next to what is on the device (the "diff"): what the config repo pins, what is checked
/// out, why they differ and what a pass would do about it.
/// </summary>
public sealed record AppState
{
    public required string Name { get; init; }

    /// <summary>The config repo (url@branch) that declares this app.</summary>
    public required string ConfigSource { get; init; }

    /// <summary>True when the device already matches the desired state and nothing stops the app.</summary>
    public bool InSync => Drift.Count == 0 && Error is null;

    /// <summary>
    /// Drift reasons by name. Names rather than enum values because PowerShell treats a one-element list holding
    /// an enum's zero value as false, which would hide <c>NotCloned</c> from <c>Where-Object Drift</c>.
    /// </summary>
    public IReadOnlyList<string> Drift { get; init; } = [];

    /// <summary>The commit the config repo pins (code_commit_hash).</summary>
    public string? DesiredCommit { get; init; }

    /// <summary>The commit checked out on the device, or null when the app is not cloned.</summary>
    public string? ActualCommit { get; init; }

    public string? CodeLocalPath { get; init; }

    /// <summary>What a pass would do, in order, in words.</summary>
    public IReadOnlyList<string> PlannedActions { get; init; } = [];

    /// <summary>The same actions by short name (pre, clone, fetch, preserve, checkout, config, post).</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>Why the app cannot be reconciled as declared (bad section, unreachable repo, non-git data in its folder).</summary>
    public string? Error { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The status the last real pass left this app in, or null when no pass has covered it.</summary>
    public string? LastStatus { get; init; }

    /// <summary>When that pass finished.</summary>
    public DateTimeOffset? LastPassAt { get; init; }

    /// <summary>What a pass would report now: a failed state held, a suspension, a manual app out of sync, or what it would do.</summary>
    public string? Status { get; init; }

    /// <summary>True while the app is suspended (on this device or in git): observed, not changed.</summary>
    public bool Suspended => Suspension is not null;

    public Lifecycle.AppSuspension? Suspension { get; init; }

    /// <summary>"auto", or "manual" when drift is applied only by gitops-agent sync / Invoke-GitOpsReconcile -Sync.</summary>
    public string Sync { get; init; } = "auto";

    /// <summary>on_failure: rollback, retry or hold.</summary>
    public string OnFailure { get; init; } = "rollback";

    /// <summary>The desired commit that failed here and is held (not tried again until git changes or a retry).</summary>
    public string? FailedCommit { get; init; }

    /// <summary>The commit the app was rolled back to after that failure.</summary>
    public string? RolledBackTo { get; init; }
}
