using System.Globalization;
using GitOpsAgent.Cli.Commands;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cli.Loop;

/// <summary>
/// The agent as a service: load the config, run a pass, publish the health report, wait, forever. Nothing that goes
/// wrong in one iteration ends the loop (the next one retries); only a stop request does, and it exits 0. The config
/// is read anew each time, so an operator's edit takes effect at the next pass without a restart.
/// </summary>
internal sealed class ServiceLoop(CommonOptions common, JournalLog log, bool verbose, TimeSpan? intervalOverride)
{
    private readonly PollSchedule _schedule = new();
    private TimeSpan _interval = intervalOverride ?? TimeSpan.FromSeconds(AgentConfig.DefaultIntervalSeconds);

    public int Run(bool once, CancellationToken stop)
    {
        log.Info($"gitops-agent {Program.ProductVersion} starting{(once ? " one pass" : string.Empty)}: config {common.ConfigPath}, home {common.Paths.Home}.");
        while (true)
        {
            IterationResult result;
            try
            {
                result = RunIteration(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                log.Info("stop requested during the pass: it was abandoned between steps and the next start picks up where it left off.");
                return ExitCodes.Success;
            }

            if (stop.IsCancellationRequested)
            {
                log.Info("stop requested: stopped after the pass.");
                return ExitCodes.Success;
            }

            if (once)
            {
                return result.ExitCode;
            }

            var delay = _schedule.NextDelay(result.Interval);
            ReleaseMemory();
            if (_schedule.UnreachableStreak > 0)
            {
                log.Warning($"a config repo was unreachable in {Passes(_schedule.UnreachableStreak)} in a row; backing off: next pass in {Seconds(delay)}.");
            }
            else
            {
                // Measured after the collection: that heap is what the agent keeps between passes, so one that keeps rising in
                // the journal pass after pass is a leak (the resident figure also includes the runtime warming up).
                log.Debug($"next pass in {Seconds(delay)}. Memory after the pass: {MemoryAfterCollection()}.");
            }

            if (stop.WaitHandle.WaitOne(delay))
            {
                log.Info("stop requested while waiting: stopped.");
                return ExitCodes.Success;
            }
        }
    }

    /// <summary>
    /// Between passes the agent holds almost nothing, but the GC keeps what a pass's garbage grew the heap to, and
    /// over many passes that creeps up. A full compacting collection that returns free memory to the system costs a
    /// few milliseconds on a heap this small, once per interval, and leaves the device's memory to its apps.
    /// </summary>
    private static void ReleaseMemory() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>Live managed objects and the process's resident set, as an operator reading the journal compares them.</summary>
    private static string MemoryAfterCollection() => string.Create(
        CultureInfo.InvariantCulture,
        $"{GC.GetTotalMemory(forceFullCollection: false) / 1048576.0:0.00} MiB managed heap, {Environment.WorkingSet / 1048576.0:0.0} MiB resident");

    private IterationResult RunIteration(CancellationToken stop)
    {
        var config = LoadConfig();
        if (config is null)
        {
            return new IterationResult(ExitCodes.Failure, _interval);
        }

        _interval = intervalOverride ?? TimeSpan.FromSeconds(config.Interval);
        var host = new JournalHost(log, verbose);
        try
        {
            var report = new ReconcileEngine(common.Paths, host).RunPass(config, new ReconcileOptions(), stop);
            _schedule.RecordPass(report.RemoteReachable);
            LogPass(report);
            Publish(config, report, host, stop);
            return new IterationResult(!report.NeedsAttention ? ExitCodes.Success : ExitCodes.Unhealthy, _interval);
        }
        catch (AgentLockHeldException ex)
        {
            log.Warning($"{ex.Message} This pass is skipped; the next one tries again.");
        }
        catch (ConfigurationException ex)
        {
            LogFindings(ex, config.SourcePath ?? common.ConfigPath);
        }
#pragma warning disable CA1031 // An unattended service must outlive any single failed pass; the error is logged and retried.
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
#pragma warning restore CA1031
        {
            log.Error($"the pass failed: {ex.GetType().Name}: {ex.Message}\nNothing else was changed; the next pass tries again.");
        }

        return new IterationResult(ExitCodes.Failure, _interval);
    }

    private AgentConfig? LoadConfig()
    {
        try
        {
            var config = AgentConfigLoader.Load(common.ConfigPath);
            foreach (var warning in config.Warnings)
            {
                log.Warning(warning.ToString());
            }

            return config;
        }
        catch (ConfigurationException ex)
        {
            LogFindings(ex, common.ConfigPath);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Error($"{common.ConfigPath}: the agent config cannot be read ({ex.Message}). Fix its permissions; the next pass retries.");
            return null;
        }
    }

    private void LogFindings(ConfigurationException ex, string path)
    {
        foreach (var finding in ex.Findings)
        {
            (finding.Severity == FindingSeverity.Error ? (Action<string>)log.Error : log.Warning)(finding.ToString());
        }

        log.Error($"no pass ran because {path} has errors. Fix it (gitops-agent configure); the next pass uses it as soon as it is valid.");
    }

    private void LogPass(PassReport report)
    {
        // The engine has already warned about unreachable config repos through the host.
        foreach (var app in report.Apps)
        {
            foreach (var warning in app.Warnings)
            {
                log.Warning($"{app.Name}: {warning}");
            }

            if (app.NeedsAttention)
            {
                log.Error($"{app.Name}: {app.Status}{(app.Error is null ? string.Empty : ": " + app.Error)}");
            }
            else if (app.Changed)
            {
                log.Info($"{app.Name}: updated to {CommitId.Abbreviate(app.ActualCommit)} ({string.Join(", ", app.Drift)}; {string.Join(",", app.Steps)}).");
            }
        }

        var summary = $"pass done on {report.InfraName}: {report.OverallStatus} ({report.Apps.Count(a => a.Changed)} changed, {(report.FinishedAt - report.StartedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s).";
        if (!report.NeedsAttention)
        {
            log.Info(summary);
        }
        else
        {
            log.Warning(summary);
        }
    }

    private void Publish(AgentConfig config, PassReport report, JournalHost host, CancellationToken stop)
    {
        using var agentLock = AgentLock.Acquire(common.Paths);
        var publisher = new MonitoringPublisher(common.Paths, new GitClient(host: host), host);
        foreach (var result in publisher.Publish(config, report, stop))
        {
            // The publisher already logged failures as warnings through the host.
            if (result.Error is null)
            {
                (result.Pushed ? (Action<string>)log.Info : log.Debug)(result.Message);
            }
        }
    }

    private static string Passes(int count) => count == 1 ? "1 pass" : $"{count} passes";

    private static string Seconds(TimeSpan delay) => delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
