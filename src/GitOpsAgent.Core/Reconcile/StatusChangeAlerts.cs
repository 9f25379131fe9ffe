using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// on_status_change_command: run once for each app whose status differs from the last pass's (an app seen for the
/// first time counts, with an empty old status), never again while the status stays. Bounded like every hook
/// (command_timeout, its process group, output kept short); a failing alert is a warning, never a failed pass.
/// </summary>
public sealed class StatusChangeAlerts(ProcessRunner runner, IAgentHost host, TimeSpan timeout)
{
    /// <summary>Runs the command for every change from <paramref name="previous"/> to <paramref name="current"/>; returns how many ran.</summary>
    public int Run(AgentConfig config, PassReport? previous, PassReport current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(current);
        if (config.OnStatusChangeCommand is not { } command)
        {
            return 0;
        }

        var ran = 0;
        foreach (var app in current.Apps)
        {
            var old = previous?.Apps.FirstOrDefault(a => a.Name == app.Name)?.Status ?? string.Empty;
            if (string.Equals(old, app.Status, StringComparison.Ordinal))
            {
                continue;
            }

            ran++;
            host.WriteVerbose($"{app.Name}: status changed from '{old}' to '{app.Status}'; running on_status_change_command");
            var request = new ProcessRequest("/bin/sh", ["-c", command])
            {
                Environment = new Dictionary<string, string>
                {
                    ["GITOPS_APP"] = app.Name,
                    ["GITOPS_OLD_STATUS"] = old,
                    ["GITOPS_NEW_STATUS"] = app.Status,
                    ["GITOPS_COMMIT"] = app.ActualCommit ?? app.DesiredCommit ?? string.Empty,
                    ["GITOPS_ERROR"] = app.Error ?? string.Empty,
                    ["GITOPS_DEVICE"] = current.InfraName,
                },
                Timeout = timeout,
                MergeOutput = true,
                OutputLimit = 16 * 1024,
            };
            try
            {
                var result = runner.Run(request, cancellationToken);
                if (!result.Succeeded)
                {
                    host.WriteWarning($"{app.Name}: on_status_change_command {(result.TimedOut ? "timed out" : $"exited with {result.ExitCode}")}: {result.StandardOutput.Trim()}");
                }
            }
            catch (ProcessStartException ex)
            {
                host.WriteWarning($"{app.Name}: on_status_change_command could not start: {ex.Message}");
            }
        }

        return ran;
    }
}
