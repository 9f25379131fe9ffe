namespace GitOpsAgent.Core.Reconcile;

/// <summary>What one pass should cover and whether it may change the device.</summary>
public sealed record ReconcileOptions
{
    /// <summary>Only these apps (by name); empty means every app in the agent config.</summary>
    public IReadOnlyList<string> Apps { get; init; } = [];

    /// <summary>Plan and report, change nothing on the device.</summary>
    public bool DryRun { get; init; }

    /// <summary>Try a desired state that failed before (and is held) again, once, now.</summary>
    public bool Retry { get; init; }

    /// <summary>Apply the drift of apps with sync = "manual" (and, like Retry, a held failed state).</summary>
    public bool Sync { get; init; }
}
