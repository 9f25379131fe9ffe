using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Operations;

/// <summary>
/// Shows each app's desired and observed state without changing the device: a dry-run pass (observe and plan only),
/// joined with what the last real pass reported.
/// </summary>
public sealed class AppStateInspector
{
    private readonly AgentPaths _paths;
    private readonly IAgentHost _host;

    public AppStateInspector(AgentPaths paths, IAgentHost host)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(host);
        _paths = paths;
        _host = RedactingHost.Wrap(host);
    }

    public IReadOnlyList<AppState> Inspect(AgentConfig config, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(names);
        var plan = new ReconcileRunner(_paths, _host).Run(config, new ReconcileOptions { Apps = names, DryRun = true }, publish: false, cancellationToken);
        var last = LastPassStore.LoadStatuses(_paths);
        return plan.Report.Apps.Select(outcome => ToState(outcome, last)).ToList();
    }

    public static AppState ToState(AppOutcome outcome, PassReport? lastPass) =>
        ToState(outcome, lastPass is null ? null : LastPassStatuses.Of(lastPass));

    public static AppState ToState(AppOutcome outcome, LastPassStatuses? lastPass)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var seen = lastPass is not null && lastPass.StatusByApp.ContainsKey(outcome.Name);
        return new AppState
        {
            Name = outcome.Name,
            ConfigSource = outcome.ConfigSource,
            Drift = outcome.Drift.Select(reason => reason.ToString()).ToList(),
            DesiredCommit = outcome.DesiredCommit,
            ActualCommit = outcome.ActualCommit,
            CodeLocalPath = outcome.CodeLocalPath,
            PlannedActions = outcome.Actions,
            Steps = outcome.Steps,
            Error = outcome.Error,
            Warnings = outcome.Warnings,
            LastStatus = seen ? lastPass!.StatusByApp[outcome.Name] : null,
            LastPassAt = seen ? lastPass!.FinishedAt : null,
            Status = outcome.Status,
            Suspension = outcome.Suspension,
            Sync = outcome.Sync.ToString().ToLowerInvariant(),
            OnFailure = outcome.OnFailure.ToString().ToLowerInvariant(),
            FailedCommit = outcome.FailedCommit,
            RolledBackTo = outcome.RolledBackTo,
        };
    }
}
