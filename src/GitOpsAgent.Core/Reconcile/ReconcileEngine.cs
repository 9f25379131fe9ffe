using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// One reconcile pass: lock the agent home, sync each config repo once, load every app's desired state,
/// observe all apps (in parallel), plan, then apply in declaration order. One app's failure never stops
/// another; the pass's report is saved so status works offline.
/// </summary>
public sealed class ReconcileEngine
{
    private readonly AgentPaths _paths;
    private readonly IAgentHost _host;
    private readonly GitClient _git;
    private readonly ProcessRunner _runner;
    private readonly TimeProvider _clock;

    public ReconcileEngine(AgentPaths paths, IAgentHost? host = null, GitClient? git = null, ProcessRunner? runner = null, TimeProvider? clock = null)
    {
        _paths = paths ?? throw new ArgumentNullException(nameof(paths));
        _host = RedactingHost.Wrap(host);
        _runner = runner ?? new ProcessRunner();
        _git = git ?? new GitClient(host: _host, runner: _runner);
        _clock = clock ?? TimeProvider.System;
    }

    public GitClient Git => _git;

    public PassReport RunPass(AgentConfig config, ReconcileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new ReconcileOptions();
        // Hook output, git's messages and every narration of this pass go through SecretRedactor with these patterns.
        using var redaction = SecretRedactor.UsePatterns(config.Redact);
        var selected = SelectApps(config, options);
        var started = _clock.GetUtcNow();
        using var agentLock = AgentLock.Acquire(_paths, keepInterruptedNote: options.DryRun);
        _git.Cancellation = cancellationToken;

        var sync = new ConfigRepoSync(_paths, _git, _host, CommitVerifier.For(config, _git, _paths), config.InfraName);
        var repos = new Dictionary<ConfigRepoSource, ConfigRepoState>();
        var metas = new Dictionary<ConfigRepoSource, InfraMeta>();
        foreach (var source in selected.Select(app => app.Source).Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            _host.WriteProgress("Reconcile", $"syncing config repo {source}", 0);
            var state = sync.Sync(source);
            repos[source] = state;
            if (state.Commit is not null && state.Error is null)
            {
                var meta = InfraMetaLoader.Load(state.ClonePath, config.InfraName, source.ToString());
                // Files the apps name outside the device's folder join the sparse checkout before anyone looks for them.
                sync.Include(state, meta.Apps.Select(app => app.App).OfType<DesiredApp>().SelectMany(app => app.ConfigFiles).Select(file => file.Source));
                metas[source] = meta;
            }
        }

        var desired = selected.Select(app => (App: app, Result: metas.TryGetValue(app.Source, out var meta) ? meta.For(app.Name) : null)).ToList();
        var collisions = FindCollisions(desired.Where(d => d.Result?.App is not null).Select(d => d.Result!.App!).ToList());
        foreach (var app in desired.Select(d => d.Result?.App).OfType<DesiredApp>())
        {
            if (IntoAgentHome(app) is { } problem)
            {
                collisions.TryAdd(app.Name, problem);
            }
        }

        var appliedState = new AppliedStateStore(_paths);
        if (agentLock.InterruptedOwner is not null)
        {
            AtomicFile.RemoveStaleTemporariesUnder(_paths.State);
        }

        var observer = new AppObserver(_git, appliedState) { InterruptedPassBefore = agentLock.InterruptedOwner is null ? null : started };
        var observations = new AppObservation?[desired.Count];
        ObserverThreads.For(desired.Count, Math.Max(2, Environment.ProcessorCount * 2), i =>
        {
            var (app, result) = desired[i];
            if (result?.App is { } desiredApp && !collisions.ContainsKey(app.Name))
            {
                observations[i] = observer.ObserveSafely(desiredApp, repos[app.Source].ClonePath);
            }
        }, cancellationToken);

        var hooks = new HookRunner(_runner, _host, TimeSpan.FromSeconds(config.CommandTimeout));
        var health = new HealthChecker(hooks, _host, config.InfraName);
        var code = new CodeUpdater(_git);
        var installer = new ConfigFileInstaller(_paths);
        var records = new AppRecordStore(_paths);
        var suspensions = new SuspensionStore(_paths);
        var declarations = new DeclarationHistory(_git, config.InfraName);
        var reconciler = new AppReconciler(
            observer,
            code,
            hooks,
            installer,
            appliedState,
            _host,
            config.InfraName,
            health,
            config.VerifyAppCommits ? CommitVerifier.For(config, _git, _paths) : null);
        var lifecycle = new AppLifecycle(
            _paths,
            observer,
            reconciler,
            health,
            new RollbackRunner(code, installer, hooks, health, records, appliedState, declarations, _host, config.InfraName),
            records,
            suspensions,
            _host);
        var remover = new AppRemover(_paths, installer, hooks, records, appliedState, suspensions, declarations, _host, config.InfraName);

        var outcomes = new List<AppOutcome>();
        for (var i = 0; i < desired.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (app, result) = desired[i];
            var repo = repos[app.Source];
            _host.WriteProgress("Reconcile", $"app {app.Name} ({i + 1} of {desired.Count})", 100 * i / Math.Max(1, desired.Count));
            var outcome = observations[i] is { } observation
                ? lifecycle.Reconcile(observation, repo, options, _clock.GetUtcNow(), cancellationToken)
                : LeftOrUnusable(remover, records, app, result, repo, metas.GetValueOrDefault(app.Source), collisions.GetValueOrDefault(app.Name), options, cancellationToken);
            outcomes.Add(outcome with { Warnings = [.. (result?.Warnings.Select(w => w.Text) ?? []), .. outcome.Warnings] });
        }

        if (options.Apps.Count == 0)
        {
            outcomes.AddRange(RemovedFromAgentConfig(remover, records, config, options, cancellationToken));
            if (!options.DryRun)
            {
                foreach (var trimmed in remover.Trim(config.MonitoringHistoryRetentionDays, _clock.GetUtcNow()))
                {
                    _host.WriteVerbose($"removed {trimmed}: a removed app's checkout older than monitoring_history_retention_days ({config.MonitoringHistoryRetentionDays})");
                }
            }
        }

        _host.WriteProgress("Reconcile", "done", 100);
        var report = new PassReport
        {
            InfraName = config.InfraName,
            StartedAt = started,
            FinishedAt = _clock.GetUtcNow(),
            DryRun = options.DryRun,
            PreviousPassInterrupted = agentLock.InterruptedOwner is not null,
            Apps = outcomes,
            ConfigRepos = [.. repos.Values],
            Warnings =
            [
                .. config.Warnings.Select(w => w.ToString()),
                .. repos.Values.Select(repo => repo.HistoryRewritten).OfType<string>(),
                .. agentLock.InterruptedOwner is { } dead ? [$"the previous pass ({dead}) was interrupted before it finished; its lock was taken over and what it left half done is repaired by this pass"] : Array.Empty<string>(),
            ],
        };
        // From here on the report is stored, published and shown: no credential of a URL goes with it.
        report = SecretRedactor.Redact(report);
        if (!options.DryRun)
        {
            var previous = config.OnStatusChangeCommand is null ? null : PreviousPass();
            LastPassStore.Save(_paths, report);
            WriteMetrics(config, report);
            new StatusChangeAlerts(_runner, _host, TimeSpan.FromSeconds(config.CommandTimeout)).Run(config, previous, report, cancellationToken);
        }

        return report;
    }

    /// <summary>The pass before this one, for alerts; an unreadable one counts as none.</summary>
    private PassReport? PreviousPass()
    {
        try
        {
            return LastPassStore.Load(_paths);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>metrics_textfile: written after the pass; a failure to write it is said, never fails the pass.</summary>
    private void WriteMetrics(AgentConfig config, PassReport report)
    {
        if (config.MetricsTextfile is not { } path)
        {
            return;
        }

        try
        {
            PrometheusTextfile.Write(path, report, AgentVersion.Current);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _host.WriteWarning($"metrics_textfile {path} could not be written: {ex.Message}. Check that its folder exists and root may write there.");
        }
    }

    /// <summary>
    /// An app in the agent config with no usable declaration: removed, when its infra_meta.toml is readable, has no
    /// section for it and the device has seen it declared before; otherwise the reason it cannot be used.
    /// </summary>
    private AppOutcome LeftOrUnusable(AppRemover remover, AppRecordStore records, AgentApplication app, DesiredAppResult? result, ConfigRepoState repo, InfraMeta? meta, string? collision, ReconcileOptions options, CancellationToken cancellationToken)
    {
        var sectionGone = collision is null && meta is { FileIsUsable: true } && meta.Apps.All(declared => declared.Name != app.Name);
        if (sectionGone && ReadRecord(records, app.Name) is { Declared: not null } record)
        {
            return remover.Remove(record, options.DryRun, _clock.GetUtcNow(), cancellationToken);
        }

        return Unusable(app, result, repo, collision);
    }

    /// <summary>Apps the device deployed that are gone from the agent config: each reported once as removed.</summary>
    private List<AppOutcome> RemovedFromAgentConfig(AppRemover remover, AppRecordStore records, AgentConfig config, ReconcileOptions options, CancellationToken cancellationToken)
    {
        var outcomes = new List<AppOutcome>();
        foreach (var name in records.Names().Where(name => config.Applications.All(app => app.Name != name)))
        {
            if (ReadRecord(records, name) is { Declared: not null, RemovedAt: null } record)
            {
                outcomes.Add(remover.Remove(record, options.DryRun, _clock.GetUtcNow(), cancellationToken));
            }
        }

        return outcomes;
    }

    private AppRecord? ReadRecord(AppRecordStore records, string name)
    {
        var (record, problem) = records.ReadOrSetAside(name);
        if (problem is not null)
        {
            _host.WriteWarning(problem);
        }

        return record;
    }

    private static AppOutcome Unusable(AgentApplication app, DesiredAppResult? result, ConfigRepoState repo, string? collision)
    {
        var findings = string.Join(Environment.NewLine, result?.Errors.Select(f => f.ToString()) ?? []);
        var error = collision ?? repo.Error ?? (findings.Length > 0 ? findings : "the app's desired state could not be read");
        return new AppOutcome
        {
            Name = app.Name,
            ConfigSource = app.Source.ToString(),
            Status = repo.UntrustedLabel is { } untrusted && collision is null ? untrusted : StatusLabels.ConfigUpdateFailed,
            DesiredCommit = result?.App?.CodeCommitHash,
            CodeLocalPath = result?.App?.CodeLocalPath,
            Error = error,
            ConfigUpdate = new StepResult { Attempted = true, Succeeded = false, Error = error, LatestCommit = repo.Commit },
        };
    }

    private static List<AgentApplication> SelectApps(AgentConfig config, ReconcileOptions options)
    {
        if (options.Apps.Count == 0)
        {
            return [.. config.Applications];
        }

        var unknown = options.Apps.Where(name => config.Applications.All(app => app.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigurationException([new ConfigFinding
            {
                Severity = FindingSeverity.Error,
                File = config.SourcePath ?? "agent config",
                Message = $"no app named {string.Join(", ", unknown.Select(n => $"\"{n}\""))} in [applications]. Known apps: {string.Join(", ", config.Applications.Select(a => a.Name))}.",
            }]);
        }

        return config.Applications.Where(app => options.Apps.Contains(app.Name)).ToList();
    }

    /// <summary>Apps that share a code_local_path or a config destination would fight each other; both are stopped.</summary>
    /// <summary>
    /// An app folder or config file inside the agent home would let the config repo overwrite the agent's own
    /// clones, state and backups (and so its monitoring reports): refused, with where and why.
    /// </summary>
    private string? IntoAgentHome(DesiredApp app)
    {
        var home = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_paths.Home));
        bool Inside(string path)
        {
            var full = Path.GetFullPath(path);
            return full == home || full.StartsWith(home + "/", StringComparison.Ordinal) || home.StartsWith(Path.TrimEndingDirectorySeparator(full) + "/", StringComparison.Ordinal);
        }

        if (Inside(app.CodeLocalPath))
        {
            return $"code_local_path {app.CodeLocalPath} overlaps the agent home {home}, which holds the agent's own clones and state; it was refused. Choose a folder outside it, such as /srv/{app.Name}, in {app.SourceFile}.";
        }

        var file = app.ConfigFiles.FirstOrDefault(f => Inside(f.Destination));
        return file is null ? null : $"config file destination {file.Destination} is inside the agent home {home}, which holds the agent's own clones and state; it was refused. Write it outside, in {app.SourceFile}.";
    }

    private static Dictionary<string, string> FindCollisions(IReadOnlyList<DesiredApp> apps)
    {
        var collisions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in apps.GroupBy(app => app.CodeLocalPath, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var app in group)
            {
                var others = string.Join(", ", group.Where(o => o.Name != app.Name).Select(o => o.Name));
                collisions[app.Name] = $"code_local_path {app.CodeLocalPath} is also used by {others}; each app needs its own folder. Fix code_local_path in {app.SourceFile}.";
            }
        }

        var destinations = apps.SelectMany(app => app.ConfigFiles.Select(file => (App: app, file.Destination)))
            .GroupBy(x => x.Destination, StringComparer.Ordinal)
            .Where(g => g.Select(x => x.App.Name).Distinct().Count() > 1);
        foreach (var group in destinations)
        {
            foreach (var (app, destination) in group)
            {
                var others = string.Join(", ", group.Where(o => o.App.Name != app.Name).Select(o => o.App.Name).Distinct());
                collisions.TryAdd(app.Name, $"config file destination {destination} is also written by {others}; each file must belong to one app. Fix config_files in {app.SourceFile}.");
            }
        }

        return collisions;
    }
}
