using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Runs an operator's pre/post updation command with /bin/sh in the app folder: no stdin, the GITOPS_*
/// variables, a timeout that stops the command's whole process group, output bounded to its last 64 KiB.
/// </summary>
public sealed class HookRunner(ProcessRunner runner, IAgentHost host, TimeSpan timeout)
{
    public CommandRun Run(string stage, string command, DesiredApp app, string infraName, string? commit, string? previousCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        host.WriteVerbose($"{app.Name}: running {stage}_updation_command in {app.CodeLocalPath}: {command}");
        var request = new ProcessRequest("/bin/sh", ["-c", command])
        {
            WorkingDirectory = Directory.Exists(app.CodeLocalPath) ? app.CodeLocalPath : null,
            Environment = new Dictionary<string, string>
            {
                ["GITOPS_APP"] = app.Name,
                ["GITOPS_INFRA"] = infraName,
                ["GITOPS_COMMIT"] = commit ?? string.Empty,
                ["GITOPS_PREVIOUS_COMMIT"] = previousCommit ?? string.Empty,
            },
            Timeout = timeout,
            MergeOutput = true,
        };
        ProcessResult result;
        try
        {
            result = runner.Run(request, cancellationToken);
        }
        catch (ProcessStartException ex)
        {
            return new CommandRun(stage, command, 127, false, ex.Message, 0);
        }

        var log = result.TimedOut
            ? $"{result.StandardOutput}\n[gitops-agent: stopped after {timeout.TotalSeconds:0} s (command_timeout); the command's whole process group was killed]"
            : result.StandardOutput;
        host.WriteVerbose($"{app.Name}: {stage}_updation_command exited with {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}");
        return new CommandRun(stage, command, result.ExitCode, result.TimedOut, log.TrimEnd('\n'), Math.Round(result.Duration.TotalSeconds, 3));
    }
}
