using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// Decides, for one observed app, whether this pass changes it, and handles what follows: a suspended app, a manual
/// app out of sync and a held failed desired state are only described; an applied state that fails is rolled back
/// (on_failure) and remembered, so a bad release costs one attempt; a healthy state is remembered as the one to roll
/// back to; an app in sync has its health checked.
/// </summary>
public sealed class AppLifecycle(
    AgentPaths paths,
    AppObserver observer,
    AppReconciler reconciler,
    HealthChecker health,
    RollbackRunner rollback,
    AppRecordStore records,
    SuspensionStore suspensions,
    IAgentHost host)
{
    public AppOutcome Reconcile(AppObservation observation, ConfigRepoState repo, ReconcileOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(options);
        var app = observation.Desired;
        var (stored, problem) = records.ReadOrSetAside(app.Name);
        var warnings = problem is null ? new List<string>() : [problem];
        if (stored?.RemovedAt is not null)
        {
            // Back after a removal: it deploys fresh, with nothing remembered from before.
            warnings.Add($"{app.Name} is declared again after it was removed; it is deployed afresh");
            stored = null;
        }

        var record = (stored ?? new AppRecord { Name = app.Name }) with
        {
            Declared = app,
            DeclaredConfigCommit = repo.Commit,
            ConfigClonePath = observation.ConfigClonePath,
            ConfigSource = repo.Source,
        };
        var repaired = false;
        if (!options.DryRun && WhyCloneAfresh(observation, record) is { } why)
        {
            (observation, var note) = CloneAfresh(observation, why, now);
            warnings.Add(note);
            repaired = true;
        }

        var (outcome, updated) = Decide(observation, repo, options, record, now, cancellationToken);
        if (!repaired && !options.DryRun && observation.BlockingError is null && outcome.Status == StatusLabels.AppUpdateFailed && BrokenClone.Looks(outcome.Error) && Directory.Exists(app.CodeLocalPath))
        {
            // The damage showed only when the update read an object: set the clone aside and run the plan once more.
            (observation, var note) = CloneAfresh(observation, $"git could not read the clone at {app.CodeLocalPath} ({FirstLine(outcome.Error)})", now);
            warnings.Add(note);
            (outcome, updated) = Decide(observation, repo, options, updated, now, cancellationToken);
        }
        if (!options.DryRun)
        {
            records.Write(updated);
            reconciler.ForgetPostDone(app.Name);
        }

        return warnings.Count == 0 ? outcome : outcome with { Warnings = [.. warnings, .. outcome.Warnings] };
    }

    /// <summary>Why the app's folder must be set aside and cloned afresh, or null when it need not.</summary>
    private static string? WhyCloneAfresh(AppObservation observation, AppRecord record)
    {
        var path = observation.Desired.CodeLocalPath;
        if (observation.Broken)
        {
            return $"git could not read the clone at {path} ({FirstLine(observation.BlockingError)})";
        }

        // Not a git checkout any more, where this device deployed the app: its .git was lost. Foreign data is never touched.
        var deployedHere = record.LastGood?.App.CodeLocalPath == path || (record.Failure is not null && record.Declared?.CodeLocalPath == path);
        return observation.NotAGitCheckout && deployedHere ? $"the clone at {path}, deployed here by the agent, has lost its .git" : null;
    }

    private (AppObservation Observation, string Note) CloneAfresh(AppObservation observation, string why, DateTimeOffset now)
    {
        var app = observation.Desired;
        var movedTo = BrokenClone.MoveAside(paths, app.CodeLocalPath, app.Name, now);
        var note = $"{why}; it was moved whole to {movedTo} (local changes and all) and {app.CodeUrl} is cloned afresh";
        host.WriteWarning($"{app.Name}: {note}");
        return (observer.ObserveSafely(app, observation.ConfigClonePath), note);
    }

    private static string FirstLine(string? text) => (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? string.Empty;

    private (AppOutcome Outcome, AppRecord Record) Decide(AppObservation observation, ConfigRepoState repo, ReconcileOptions options, AppRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var app = observation.Desired;
        var plan = ReconcilePlanner.Plan(observation);
        var held = new ReconcilePlan(observation, []);
        if (observation.BlockingError is null && Suspension(app, now) is { } suspension)
        {
            host.WriteVerbose($"{app.Name}: suspended ({suspension.By}): {suspension.Reason}; observed, not changed");
            return (reconciler.Describe(held, repo) with { Status = StatusLabels.Suspended(suspension.Reason), Suspension = suspension, HeldBack = true }, record);
        }

        if (plan.IsEmpty)
        {
            return InSync(plan, repo, options, record, now, cancellationToken);
        }

        if (app.Sync == SyncMode.Manual && !options.Sync)
        {
            return (reconciler.Describe(held, repo) with { Status = StatusLabels.OutOfSyncManual, HeldBack = true }, record);
        }

        var fingerprint = DesiredStateFingerprint.Of(app, observation.ResolvedCommit ?? app.CodeCommitHash, observation.ConfigClonePath);
        if (record.Failure is { } failure && failure.Fingerprint == fingerprint && !options.Retry && !options.Sync)
        {
            var due = app.OnFailure == FailurePolicy.Retry && RetrySchedule.Due(failure.Attempts, failure.PassesWaited, failure.LastAttemptAt, now);
            if (failure.RollingBackTo is not null && record.LastGood is { } good)
            {
                return FinishRollback(held, repo, record, failure, good, now, cancellationToken);
            }

            if (!due)
            {
                var waited = app.OnFailure == FailurePolicy.Retry ? failure with { PassesWaited = failure.PassesWaited + 1 } : failure;
                return (Held(held, repo, failure), record with { Failure = waited });
            }

            host.WriteVerbose($"{app.Name}: trying the failed desired state again (on_failure = \"retry\", attempt {failure.Attempts + 1})");
        }

        if (options.DryRun)
        {
            // Nothing was done, so nothing is established: say what would happen instead of "healthy".
            var described = reconciler.Describe(plan, repo);
            return (described.Healthy ? described with { Status = StatusLabels.WouldChange(described.Steps) } : described, record);
        }

        var summary = string.Join("; ", plan.Actions.Select(action => action.Description));
        if (!host.ShouldProcess(app.Name, summary))
        {
            return (reconciler.Describe(plan, repo), record);
        }

        var outcome = reconciler.Apply(plan, repo, now, cancellationToken);
        if (outcome.Healthy)
        {
            return (outcome, RememberGood(record, app, outcome.ActualCommit, observation.ConfigClonePath, now) with { Failure = null });

        }

        return outcome.FailedStep is null ? (outcome, record) : Failed(outcome, app, record, fingerprint, now, cancellationToken);
    }

    /// <summary>An app with nothing to apply: its health is checked (not in a dry run) and a healthy state remembered.</summary>
    private (AppOutcome, AppRecord) InSync(ReconcilePlan plan, ConfigRepoState repo, ReconcileOptions options, AppRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var app = plan.App;
        var outcome = reconciler.Describe(plan, repo);
        if (!outcome.Healthy || options.DryRun)
        {
            return (outcome, record);
        }

        if (health.Check(app, outcome.ActualCommit, cancellationToken) is { } check)
        {
            outcome = outcome with { HealthCheck = check };
            if (!check.Passed)
            {
                host.WriteWarning($"{app.Name}: {AppReconciler.HealthCheckError(app, check)}");
                return (outcome with { Status = StatusLabels.HealthCheckFailed, Error = AppReconciler.HealthCheckError(app, check) }, record);
            }
        }

        return (outcome, RememberGood(record, app, outcome.ActualCommit, plan.Observation.ConfigClonePath, now) with { Failure = null });
    }

    /// <summary>A failed attempt that changed the device: rolled back when on_failure says so and there is a healthy state to go to.</summary>
    private (AppOutcome, AppRecord) Failed(AppOutcome outcome, DesiredApp app, AppRecord record, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var what = What(outcome);
        var attempts = (record.Failure?.Fingerprint == fingerprint ? record.Failure.Attempts : 0) + 1;
        var failedCommit = outcome.DesiredCommit ?? app.CodeCommitHash;
        outcome = outcome with { FailedCommit = failedCommit, FailedAttempts = attempts };
        string? rolledBackTo = null;
        if (app.OnFailure == FailurePolicy.Rollback && record.LastGood is { } good && good.Fingerprint != fingerprint)
        {
            // Remembered before the rollback starts: a pass killed during it neither tries the failed state again nor
            // leaves the app half restored (the next pass finishes the rollback).
            records.Write(record with { Failure = new FailedAttempt { Fingerprint = fingerprint, Commit = failedCommit, What = what, Status = outcome.Status, Error = outcome.Error, Attempts = attempts, LastAttemptAt = now, RollingBackTo = good.Commit } });
            var restored = rollback.Restore(app, good, record.ConfigClonePath, outcome.ConfigBackups, now, cancellationToken);
            outcome = outcome with
            {
                // The rollback's own hook runs are told apart in the report (rollback-post-…).
                Commands = [.. outcome.Commands, .. restored.Commands.Select(run => run with { Stage = "rollback-" + run.Stage })],
                ConfigBackups = [.. outcome.ConfigBackups, .. restored.Backups],
                PreservedChanges = [.. outcome.PreservedChanges, .. restored.Preserved],
                // The failed check's output says why the release was rejected; the restored state's check shows in the status.
                HealthCheck = outcome.HealthCheck ?? restored.HealthCheck,
                ActualCommit = reconciler.HeadOf(app.CodeLocalPath) ?? outcome.ActualCommit,
            };
            if (restored.Succeeded)
            {
                rolledBackTo = good.Commit;
                outcome = outcome with
                {
                    Status = StatusLabels.RolledBack(good.Commit, what),
                    RolledBackTo = good.Commit,
                    Error = $"{outcome.Error}. Rolled back to {CommitId.Abbreviate(good.Commit)}, the last healthy state (since {good.Since:yyyy-MM-dd HH:mm}Z), which runs again. {NotAgain(app)}",
                };
            }
            else
            {
                outcome = outcome with { Error = $"{outcome.Error}. Rolling back to {CommitId.Abbreviate(good.Commit)} failed too: {restored.Error}. {NotAgain(app)}" };
            }
        }
        else
        {
            var why = app.OnFailure != FailurePolicy.Rollback ? string.Empty
                : record.LastGood is null ? " There is no earlier healthy state on this device to roll back to." : " The last healthy state is this same desired state.";
            outcome = outcome with { Error = $"{outcome.Error}.{why} {NotAgain(app)}" };
        }

        host.WriteWarning($"{app.Name}: {outcome.Status}: {outcome.Error}");
        var failure = new FailedAttempt
        {
            Fingerprint = fingerprint,
            Commit = failedCommit,
            What = what,
            Status = outcome.Status,
            Error = outcome.Error,
            Attempts = attempts,
            LastAttemptAt = now,
            RolledBackTo = rolledBackTo,
        };
        return (outcome, record with { Failure = failure });
    }

    /// <summary>A rollback that a killed pass left unfinished: done now, then the app is held like any rolled-back one.</summary>
    private (AppOutcome, AppRecord) FinishRollback(ReconcilePlan held, ConfigRepoState repo, AppRecord record, FailedAttempt failure, LastGoodState good, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var app = held.App;
        host.WriteWarning($"{app.Name}: finishing the rollback to {CommitId.Abbreviate(good.Commit)} that an interrupted pass left unfinished");
        var restored = rollback.Restore(app, good, record.ConfigClonePath, [], now, cancellationToken);
        var finished = restored.Succeeded
            ? failure with
            {
                RollingBackTo = null,
                RolledBackTo = good.Commit,
                Status = StatusLabels.RolledBack(good.Commit, failure.What),
                Error = $"{failure.Error}. Rolled back to {CommitId.Abbreviate(good.Commit)}, the last healthy state, which runs again. {NotAgain(app)}",
            }
            : failure with { RollingBackTo = null, Error = $"{failure.Error}. Rolling back to {CommitId.Abbreviate(good.Commit)} failed too: {restored.Error}. {NotAgain(app)}" };
        var outcome = Held(held, repo, finished) with
        {
            HeldBack = false,
            Changed = true,
            Commands = restored.Commands,
            HealthCheck = restored.HealthCheck,
            ConfigBackups = restored.Backups,
            PreservedChanges = restored.Preserved,
            ActualCommit = reconciler.HeadOf(app.CodeLocalPath),
        };
        return (outcome, record with { Failure = finished });
    }

    /// <summary>What a held app looks like in a pass that does not try it again: the failed attempt's status and error.</summary>
    private AppOutcome Held(ReconcilePlan plan, ConfigRepoState repo, FailedAttempt failure) =>
        reconciler.Describe(plan, repo) with
        {
            Status = failure.Status,
            Error = failure.Error,
            FailedCommit = failure.Commit,
            RolledBackTo = failure.RolledBackTo,
            FailedAttempts = failure.Attempts,
            HeldBack = true,
        };

    private static string NotAgain(DesiredApp app) => app.OnFailure == FailurePolicy.Retry
        ? "It is tried again after 1, 2, 4 … passes (at most an hour apart), or now with: gitops-agent reconcile --app " + app.Name + " --retry."
        : "It is not tried again until its desired state changes in git, or an operator runs: gitops-agent reconcile --app " + app.Name + " --retry (Invoke-GitOpsReconcile -Name " + app.Name + " -Retry).";

    /// <summary>The failure in a few words, for the ⏪ label.</summary>
    private static string What(AppOutcome outcome) => outcome.FailedStep switch
    {
        "health" => "health check failed",
        "post" => $"post command exited with {outcome.Commands.LastOrDefault(c => c.Stage == "post")?.ExitCode}",
        "pre" => $"pre command exited with {outcome.Commands.LastOrDefault(c => c.Stage == "pre")?.ExitCode}",
        "config" => "config files could not be written",
        "checkout" => "checkout failed",
        _ => "update failed",
    };

    /// <summary>The suspension that applies: git's for the whole fleet first, else this device's (an expired one is lifted).</summary>
    private AppSuspension? Suspension(DesiredApp app, DateTimeOffset now)
    {
        if (app.Suspended)
        {
            return new AppSuspension { Name = app.Name, Reason = app.SuspendReason ?? "suspended = true in infra_meta.toml", By = AppSuspension.ByGit };
        }

        var local = suspensions.Read(app.Name);
        if (local is not null && local.ExpiredAt(now))
        {
            suspensions.Resume(app.Name);
            host.WriteWarning($"{app.Name}: the suspension ({local.Reason}) ended at {local.Until:yyyy-MM-dd HH:mm}Z; the app is reconciled again");
            return null;
        }

        return local;
    }

    /// <summary>Records the app's present state as its last healthy one, keeping its config files' contents for a rollback.</summary>
    private AppRecord RememberGood(AppRecord record, DesiredApp app, string? commit, string configClonePath, DateTimeOffset now)
    {
        if (commit is null)
        {
            return record;
        }

        var fingerprint = DesiredStateFingerprint.Of(app, commit, configClonePath);
        if (record.LastGood is { } known && known.Fingerprint == fingerprint && known.Commit == commit && known.ConfigCommit is not null)
        {
            return record;
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in app.ConfigFiles.Where(file => File.Exists(file.Destination)))
        {
            files[file.Destination] = records.KeepFile(app.Name, File.ReadAllBytes(file.Destination));
        }

        records.PruneFiles(app.Name, files.Values);
        return record with { LastGood = new LastGoodState { Commit = commit, App = app, Files = files, Fingerprint = fingerprint, Since = now, ConfigCommit = record.DeclaredConfigCommit } };
    }
}
