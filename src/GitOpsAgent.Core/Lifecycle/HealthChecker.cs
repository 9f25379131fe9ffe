using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// Runs an app's health_check_command like every hook (sh -c in the app folder, as run_as, bounded in time and output),
/// up to health_check_retries times, health_check_interval seconds apart; the first success ends it.
/// </summary>
public sealed class HealthChecker(HookRunner hooks, IAgentHost host, string infraName)
{
    /// <summary>The check's result, or null when the app declares none.</summary>
    public HealthCheckResult? Check(DesiredApp app, string? commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.HealthCheckCommand is not { } command)
        {
            return null;
        }

        var tries = Math.Max(1, app.HealthCheckRetries);
        for (var attempt = 1; ; attempt++)
        {
            var run = hooks.Run("health", command, app, infraName, commit, commit, cancellationToken);
            if (run.Succeeded || attempt >= tries)
            {
                return new HealthCheckResult(command, run.Succeeded, run.ExitCode, run.TimedOut, attempt, run.Log);
            }

            host.WriteVerbose($"{app.Name}: health check failed (try {attempt} of {tries}); trying again in {app.HealthCheckInterval} s");
            if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(app.HealthCheckInterval)))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
