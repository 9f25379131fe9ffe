using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>Turns drift into an ordered list of actions. No drift, no action: an idle pass runs nothing.</summary>
public static class ReconcilePlanner
{
    public static ReconcilePlan Plan(AppObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var app = observation.Desired;
        var actions = new List<PlannedAction>();
        if (observation.BlockingError is not null || !observation.HasDrift)
        {
            return new ReconcilePlan(observation, actions);
        }

        var drift = observation.Drift;
        var moveCode = drift.Contains(DriftReason.NotCloned) || drift.Contains(DriftReason.WrongCommit) || drift.Contains(DriftReason.LocalChanges);
        if (!observation.Cloned)
        {
            actions.Add(new PlannedAction(ActionKind.Clone, $"clone {app.CodeUrl} into {app.CodeLocalPath}"));
        }
        else if (observation.ResolvedCommit is null)
        {
            actions.Add(new PlannedAction(ActionKind.Fetch, $"fetch {app.CodeUrl} (commit {app.CodeCommitHash} is not in the local repo)"));
        }

        // After the fetch: the pre command (which may stop the service) runs only once the release is here.
        if (app.PreUpdationCommand is not null && observation.Cloned)
        {
            actions.Add(new PlannedAction(ActionKind.RunPreCommand, $"run pre_updation_command: {app.PreUpdationCommand}"));
        }

        if (observation.LocalChanges.Count > 0)
        {
            actions.Add(new PlannedAction(ActionKind.PreserveLocalChanges, $"keep {observation.LocalChanges.Count} locally modified file(s) in a stash and ref, then discard them from the work tree"));
        }

        if (moveCode)
        {
            actions.Add(new PlannedAction(ActionKind.Checkout, $"check out {CommitId.Abbreviate(observation.ResolvedCommit ?? app.CodeCommitHash)} (was {CommitId.Abbreviate(observation.HeadCommit)})"));
        }

        if (observation.ConfigFilesToCopy.Count > 0)
        {
            var targets = string.Join(", ", observation.ConfigFilesToCopy.Select(file => file.Destination));
            actions.Add(new PlannedAction(ActionKind.CopyConfigFiles, $"write config file(s) {targets} (current content backed up)"));
        }

        if (app.PostUpdationCommand is not null)
        {
            actions.Add(new PlannedAction(ActionKind.RunPostCommand, $"run post_updation_command: {app.PostUpdationCommand}"));
        }

        if (app.HealthCheckCommand is not null)
        {
            actions.Add(new PlannedAction(ActionKind.RunHealthCheck, $"run health_check_command: {app.HealthCheckCommand}"));
        }

        return new ReconcilePlan(observation, actions);
    }
}
