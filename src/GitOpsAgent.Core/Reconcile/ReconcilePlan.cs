using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>What a pass will do for one app, decided from an observation before anything runs.</summary>
public sealed record ReconcilePlan(AppObservation Observation, IReadOnlyList<PlannedAction> Actions)
{
    public DesiredApp App => Observation.Desired;

    public bool IsEmpty => Actions.Count == 0;

    public bool Has(ActionKind kind) => Actions.Any(action => action.Kind == kind);
}
