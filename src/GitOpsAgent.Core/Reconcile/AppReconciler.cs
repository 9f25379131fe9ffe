using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Carries out one app's plan in order and turns what happened into an <see cref="AppOutcome"/>.
/// Every failure stops this app only and is reported in its own words.
/// </summary>
public sealed class AppReconciler(
    AppObserver observer,
    CodeUpdater code,
    HookRunner hooks,
    ConfigFileInstaller installer,
    AppliedStateStore appliedState,
    IAgentHost host,
    string infraName,
    HealthChecker health,
    CommitVerifier? appCommits = null)
{
    public AppOutcome Apply(ReconcilePlan plan, ConfigRepoState configRepo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(configRepo);
        var run = new Run(plan, configRepo);
        try
        {
            Execute(run, now, cancellationToken);
        }
        catch (GitException ex)
        {
            run.Fail(isConfig: false, ex.Message);
            run.FailedStep ??= run.Step;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            run.Fail(isConfig: run.InConfigStep, ex.Message);
            run.FailedStep ??= run.Step;
        }

        if (run.Failed && run.Step is not null)
        {
            // A device left half-updated must not look in sync next pass just because its commit and files match.
            appliedState.MarkIncomplete(plan.App.Name);
        }

        if (!run.Failed)
        {
            // The change is complete: a later heal of the same desired state runs its post command again.
            appliedState.ClearPostDone(plan.App.Name);
        }

        return run.ToOutcome(code);
    }

    /// <summary>The outcome of an app whose plan is not carried out (no drift, dry run, declined, blocked).</summary>
    public AppOutcome Describe(ReconcilePlan plan, ConfigRepoState configRepo)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(configRepo);
        var run = new Run(plan, configRepo);
        if (plan.Observation.BlockingError is { } error)
        {
            run.Fail(plan.Observation.BlockingErrorIsConfig, error);
        }
        else if (plan.IsEmpty && !plan.Observation.HasDrift && plan.Observation.ResolvedCommit is { } resolved && appliedState.Read(plan.App.Name) is null)
        {
            // First sight of an app that is already as desired: remember it, so later changes to its declaration are noticed.
            appliedState.Write(plan.App.Name, AppliedStateStore.Fingerprint(plan.App, resolved));
        }

        return run.ToOutcome(code: null);
    }

    /// <summary>
    /// Forgets that a post command succeeded in an attempt that failed later, once that failure is remembered: a retry of the
    /// same desired state then runs it again.
    /// </summary>
    public void ForgetPostDone(string appName) => appliedState.ClearPostDone(appName);

    /// <summary>The commit checked out at <paramref name="path"/>, or null when it is not a git checkout.</summary>
    public string? HeadOf(string path) => Directory.Exists(path) && GitRepositoryLayout.Open(path) is not null ? code.HeadCommit(path) : null;

    /// <summary>Clones or fetches when the plan says so and resolves the pinned commit; false when the app failed.</summary>
    private bool FetchCode(Run run, DesiredApp app, ref string? target)
    {
        var plan = run.Plan;
        if (plan.Has(ActionKind.Clone))
        {
            host.WriteVerbose($"{app.Name}: cloning {app.CodeUrl} into {app.CodeLocalPath}");
            code.Clone(app);
            NarrateFallback(app);
            run.Changed = true;
        }

        if (plan.Has(ActionKind.Clone) || plan.Has(ActionKind.Fetch))
        {
            var (resolved, configError) = ResolveOrFetch(app);
            if (configError is not null)
            {
                run.Fail(isConfig: true, configError);
                return false;
            }

            target = resolved;
            HandOver(app);
        }

        return true;
    }

    private void NarrateFallback(DesiredApp app)
    {
        if (code.LastFallback is not { } fallback)
        {
            return;
        }

        // A refusal costs every device the whole repo on each release: the operator should hear of it, not only -Verbose.
        if (fallback.ServerRefused)
        {
            host.WriteWarning($"{app.Name}: {fallback.Text}");
        }
        else
        {
            host.WriteVerbose($"{app.Name}: {fallback.Text}");
        }
    }

    /// <summary>
    /// Gives a run_as app's checkout to its user after git ran in it as root, so the user's commands never meet a file
    /// they cannot change (and a later git command of theirs is not refused as "dubious ownership").
    /// </summary>
    private void HandOver(DesiredApp app)
    {
        if (app.RunAs is not { } runAs || OperatingSystem.IsWindows() || !Directory.Exists(app.CodeLocalPath))
        {
            return;
        }

        var account = Unix.UnixAccounts.FindUser(runAs) ?? throw new IOException(AppObserver.RunAsUnknown(app, runAs));
        host.WriteVerbose($"{app.Name}: giving {app.CodeLocalPath} to {account.Name} (run_as)");
        Unix.UnixAccounts.ChangeOwnerOfTree(app.CodeLocalPath, account.Uid, account.Gid);
    }

    private void Execute(Run run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var app = plan.App;
        var observation = plan.Observation;
        var previous = observation.HeadCommit;
        string? target = observation.ResolvedCommit;
        var movesCode = plan.Has(ActionKind.Clone) || plan.Has(ActionKind.Fetch) || plan.Has(ActionKind.Checkout);

        // The commit is brought in (and, with verify_app_commits, its signature checked) before anything runs: a release
        // that cannot be fetched or is not trusted never stops the service it was meant to replace, and a flaky link
        // costs nothing but a retry at the next pass.
        if (movesCode)
        {
            run.AppUpdateAttempted = true;
        }

        if (!FetchCode(run, app, ref target))
        {
            return;
        }

        if (appCommits is not null && movesCode && target is not null && appCommits.Problem(app.CodeLocalPath, target) is { } problem)
        {
            run.Untrusted(problem);
            return;
        }

        run.ResolvedCommit = target;
        if (movesCode && target is null)
        {
            run.Fail(isConfig: true, $"commit {app.CodeCommitHash} (code_commit_hash) is not in {app.CodeUrl}, even after fetching. Check that it was pushed, or fix code_commit_hash.");
            return;
        }

        // Config files are written beside their destinations before anything changes: a full disk or a read-only folder
        // fails here, with the app as it was, and the next pass simply tries again.
        using var staged = plan.Has(ActionKind.CopyConfigFiles) ? StageConfigFiles(run, now) : StagedConfigFiles.None;
        if (staged is null)
        {
            return;
        }

        // Until the whole plan has run, the app counts as not applied: a pass killed anywhere from here on leaves this
        // marker, and the next pass runs the plan again instead of taking the half-done state for in sync.
        run.Step = "pre";
        appliedState.MarkIncomplete(app.Name);

        if (plan.Has(ActionKind.RunPreCommand))
        {
            run.Step = "pre";
            var pre = hooks.Run("pre", app.PreUpdationCommand!, app, infraName, target ?? app.CodeCommitHash, previous, cancellationToken);
            run.Commands.Add(pre);
            run.Changed = true;
            if (!pre.Succeeded)
            {
                run.CommandFailed($"pre_updation_command exited with {pre.ExitCode}{(pre.TimedOut ? " (timed out)" : string.Empty)}; the app was not updated");
                return;
            }
        }

        if (plan.Has(ActionKind.PreserveLocalChanges))
        {
            run.Step = "checkout";
            if (code.PreserveLocalChanges(app, now) is { } kept)
            {
                run.Preserved.Add(kept);
                host.WriteWarning($"{app.Name}: local changes in {app.CodeLocalPath} were replaced; kept at {kept}");
            }

            run.Changed = true;
        }

        if (plan.Has(ActionKind.Checkout))
        {
            run.Step = "checkout";
            host.WriteVerbose($"{app.Name}: checking out {target}");
            code.Checkout(app, target!);
            run.Changed = true;
        }

        if (plan.Has(ActionKind.PreserveLocalChanges) || plan.Has(ActionKind.Checkout))
        {
            HandOver(app);
        }

        if (plan.Has(ActionKind.CopyConfigFiles))
        {
            run.Step = "config";
            run.InConfigStep = true;
            run.ConfigUpdateAttempted = true;
            run.Backups.AddRange(staged.Commit());
            run.Changed = true;
            run.InConfigStep = false;
        }

        var fingerprint = AppliedStateStore.Fingerprint(app, target ?? observation.HeadCommit ?? app.CodeCommitHash);
        if (plan.Has(ActionKind.RunPostCommand) && appliedState.PostDone(app.Name, fingerprint))
        {
            host.WriteVerbose($"{app.Name}: post_updation_command already succeeded for this change in an interrupted pass; it is not run again");
        }
        else if (plan.Has(ActionKind.RunPostCommand))
        {
            run.Step = "post";
            var post = hooks.Run("post", app.PostUpdationCommand!, app, infraName, target, previous, cancellationToken);
            run.Commands.Add(post);
            run.Changed = true;
            if (!post.Succeeded)
            {
                run.CommandFailed($"post_updation_command exited with {post.ExitCode}{(post.TimedOut ? " (timed out)" : string.Empty)}");
                return;
            }

            // Recorded the moment it succeeded: whatever happens next (a kill, a failing health check), this change's post
            // command is not run again.
            appliedState.WritePostDone(app.Name, fingerprint);
        }

        if (health.Check(app, target ?? observation.HeadCommit, cancellationToken) is { } check)
        {
            run.Step = "health";
            run.HealthCheck = check;
            if (!check.Passed)
            {
                run.HealthCheckFailed(HealthCheckError(app, check));
                return;
            }
        }

        appliedState.Write(app.Name, fingerprint);
        appliedState.ClearPostDone(app.Name);
    }

    private StagedConfigFiles? StageConfigFiles(Run run, DateTimeOffset now)
    {
        var observation = run.Plan.Observation;
        try
        {
            return installer.Stage(run.Plan.App.Name, observation.ConfigClonePath, observation.ConfigFilesToCopy, now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            run.Fail(isConfig: true, $"config files could not be written, so nothing of {run.Plan.App.Name} was changed: {ex.Message}. Free space or make the folder writable; the next pass tries again.");
            return null;
        }
    }

    /// <summary>"health_check_command failed 3 times (last exit code 1): &lt;last output line&gt;".</summary>
    internal static string HealthCheckError(DesiredApp app, HealthCheckResult check)
    {
        var tries = check.Tries == 1 ? "once" : $"{check.Tries} times";
        var how = check.TimedOut ? "timed out" : $"exit code {check.ExitCode}";
        var last = check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return $"health_check_command failed {tries}{(check.Tries > 1 ? $", {app.HealthCheckInterval} s apart" : string.Empty)} (last {how}){(last is null ? string.Empty : ": " + last)}";
    }

    /// <summary>The pinned commit as a full id, fetching once when it is missing; an ambiguous id is the config's error.</summary>
    private (string? Resolved, string? ConfigError) ResolveOrFetch(Configuration.DesiredApp app)
    {
        var (resolved, error) = observer.Resolve(app.CodeLocalPath, app.CodeCommitHash, head: null);
        if (resolved is not null || error is not null)
        {
            return (resolved, error);
        }

        host.WriteVerbose($"{app.Name}: commit {app.CodeCommitHash} is not present; fetching it from {app.CodeUrl}");
        code.Fetch(app);
        NarrateFallback(app);
        (resolved, error) = observer.Resolve(app.CodeLocalPath, app.CodeCommitHash, head: null);
        return (resolved, error);
    }

    /// <summary>The facts gathered while one app's plan runs.</summary>
    private sealed class Run(ReconcilePlan plan, ConfigRepoState configRepo)
    {
        public ReconcilePlan Plan { get; } = plan;

        public List<CommandRun> Commands { get; } = [];

        public List<string> Preserved { get; } = [];

        public List<string> Backups { get; } = [];

        public bool Changed { get; set; }

        public bool AppUpdateAttempted { get; set; }

        public bool ConfigUpdateAttempted { get; set; }

        public bool InConfigStep { get; set; }

        public string? ResolvedCommit { get; set; }

        /// <summary>The step under way once the device is being changed (pre, checkout, config, post, health).</summary>
        public string? Step { get; set; }

        public string? FailedStep { get; set; }

        public HealthCheckResult? HealthCheck { get; set; }

        private bool HealthFailed { get; set; }

        private string? Error { get; set; }

        public bool Failed => AppFailed || ConfigFailed || CommandsFailed || HealthFailed;

        private bool AppFailed { get; set; }

        private bool ConfigFailed { get; set; }

        private bool CommandsFailed { get; set; }

        public void Fail(bool isConfig, string error)
        {
            Error ??= error;
            if (isConfig)
            {
                ConfigFailed = true;
                ConfigUpdateAttempted = true;
            }
            else
            {
                AppFailed = true;
                AppUpdateAttempted = true;
            }
        }

        /// <summary>verify_app_commits refused the pinned commit.</summary>
        public void Untrusted(CommitRefusal refusal)
        {
            UntrustedLabel = refusal.Label;
            Fail(isConfig: false, refusal.Message);
        }

        private string? UntrustedLabel { get; set; }

        public void CommandFailed(string error)
        {
            Error ??= error;
            CommandsFailed = true;
            FailedStep ??= Step;
        }

        public void HealthCheckFailed(string error)
        {
            Error ??= error;
            HealthFailed = true;
            FailedStep ??= Step;
        }

        public AppOutcome ToOutcome(CodeUpdater? code)
        {
            var observation = Plan.Observation;
            var path = Plan.App.CodeLocalPath;
            var inspect = code is not null && Changed && Directory.Exists(path) && GitRepositoryLayout.Open(path) is not null;
            var head = inspect ? code!.HeadCommit(path) : observation.HeadCommit;
            var status = inspect ? code!.ShortStatus(path) : string.Join('\n', observation.LocalChanges);
            var warnings = observation.Warnings.ToList();
            if (!configRepo.Reachable && configRepo.Commit is not null)
            {
                warnings.Add($"config repo {configRepo.Source} was unreachable; used the last fetched commit {CommitId.Abbreviate(configRepo.Commit)}");
            }

            return new AppOutcome
            {
                Name = Plan.App.Name,
                ConfigSource = configRepo.Source,
                Status = UntrustedLabel ?? (HealthFailed ? StatusLabels.HealthCheckFailed : StatusLabels.For(AppFailed, ConfigFailed, CommandsFailed)),
                Changed = Changed,
                Drift = observation.Drift,
                Actions = Plan.Actions.Select(action => action.Description).ToList(),
                Steps = Plan.Actions.Select(action => action.ShortName).ToList(),
                DesiredCommit = ResolvedCommit ?? observation.ResolvedCommit ?? Plan.App.CodeCommitHash,
                ActualCommit = head,
                CodeLocalPath = path,
                Error = Error,
                AppUpdate = new StepResult
                {
                    Attempted = AppUpdateAttempted,
                    Succeeded = !AppFailed,
                    Error = AppFailed ? Error : null,
                    GitStatus = status,
                    LatestCommit = head,
                },
                ConfigUpdate = new StepResult
                {
                    Attempted = ConfigUpdateAttempted,
                    Succeeded = !ConfigFailed,
                    Error = ConfigFailed ? Error : null,
                    LatestCommit = configRepo.Commit,
                },
                Commands = Commands,
                PreservedChanges = Preserved,
                ConfigBackups = Backups,
                Warnings = warnings,
                HealthCheck = HealthCheck,
                FailedStep = FailedStep,
                Sync = Plan.App.Sync,
                OnFailure = Plan.App.OnFailure,
            };
        }
    }
}
