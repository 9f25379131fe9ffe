namespace GitOpsAgent.Core.Reconcile;

/// <summary>The steps a plan can hold, in the order they run.</summary>
public enum ActionKind
{
    Clone,
    Fetch,
    RunPreCommand,
    PreserveLocalChanges,
    Checkout,
    CopyConfigFiles,
    RunPostCommand,
    RunHealthCheck,
}
