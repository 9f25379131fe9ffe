namespace GitOpsAgent.Core.Reconcile;

/// <summary>What one pass should cover and whether it may change the device.</summary>
public sealed record ReconcileOptions
{
    /// <summary>Only these apps (by name); empty means every app in the agent config.</summary>
    public IReadOnlyList<string> Apps { get; init; } = [];

    /// <summary>Plan and report, change nothing on the device.</summary>
    public bool DryRun { get; init; }
}
