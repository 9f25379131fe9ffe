namespace GitOpsAgent.Core.Reconcile;

/// <summary>The steps a plan can hold, in the order they run.</summary>
public enum ActionKind
{
    RunPreCommand,
    Clone,
    Fetch,
    PreserveLocalChanges,
    Checkout,
    CopyConfigFiles,
    RunPostCommand,
}
