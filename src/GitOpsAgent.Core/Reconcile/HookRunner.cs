using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.Unix;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Runs an operator's pre/post updation command with /bin/sh in the app folder: no stdin, the GITOPS_*
/// variables, a timeout that stops the command's whole process group, output bounded to its last 64 KiB; as the
/// app's run_as user when it has one.
/// </summary>
public sealed class HookRunner(ProcessRunner runner, IAgentHost host, TimeSpan timeout)
{
    public CommandRun Run(string stage, string command, DesiredApp app, string infraName, string? commit, string? previousCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        host.WriteVerbose($"{app.Name}: running {KeyOf(stage)} in {app.CodeLocalPath}: {command}");
        var environment = new Dictionary<string, string>
        {
            ["GITOPS_APP"] = app.Name,
            ["GITOPS_INFRA"] = infraName,
            ["GITOPS_COMMIT"] = commit ?? string.Empty,
            ["GITOPS_PREVIOUS_COMMIT"] = previousCommit ?? string.Empty,
        };
        var (program, arguments, problem) = app.RunAs is { } runAs ? AsUser(runAs, app, command, environment) : ("/bin/sh", ["-c", command], null);
        if (problem is not null)
        {
            return new CommandRun(stage, command, 127, false, problem, 0);
        }

        var request = new ProcessRequest(program, arguments)
        {
            WorkingDirectory = Directory.Exists(app.CodeLocalPath) ? app.CodeLocalPath : null,
            Environment = app.RunAs is null ? environment : new Dictionary<string, string>(),
            Timeout = timeout,
            MergeOutput = true,
            RunningStep = $"{KeyOf(stage)} running",
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
        host.WriteVerbose($"{app.Name}: {KeyOf(stage)} exited with {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}");
        return new CommandRun(stage, command, result.ExitCode, result.TimedOut, log.TrimEnd('\n'), Math.Round(result.Duration.TotalSeconds, 3));
    }

    /// <summary>The infra_meta.toml key a stage's command comes from, for messages.</summary>
    public static string KeyOf(string stage) => stage switch
    {
        "health" => "health_check_command",
        "removal" => "removal_command",
        _ => stage + "_updation_command",
    };

    /// <summary>
    /// The command line that runs <paramref name="command"/> as <paramref name="runAs"/>: setpriv sets the user, its
    /// group and supplementary groups, env -i starts from an empty environment (nothing of root's, such as an ssh agent
    /// socket, reaches the app's user) with that user's HOME, USER, LOGNAME and a standard PATH, plus the GITOPS_* values.
    /// </summary>
    private static (string Program, IReadOnlyList<string> Arguments, string? Problem) AsUser(string runAs, DesiredApp app, string command, Dictionary<string, string> gitops)
    {
        if (UnixAccounts.FindUser(runAs) is not { } account)
        {
            return (string.Empty, [], AppObserver.RunAsUnknown(app, runAs));
        }

        if (SetprivPath is null || !File.Exists(EnvPath))
        {
            return (string.Empty, [], $"run_as = \"{runAs}\" needs setpriv (util-linux) and {EnvPath} on this device; the command did not run. Install util-linux, or remove run_as.");
        }

        var arguments = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"--reuid={account.Uid}"),
            string.Create(CultureInfo.InvariantCulture, $"--regid={account.Gid}"),
            "--init-groups",
            EnvPath,
            "-i",
            $"HOME={account.Home}",
            $"USER={account.Name}",
            $"LOGNAME={account.Name}",
            "SHELL=/bin/sh",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG=C.UTF-8",
        };
        arguments.AddRange(gitops.Select(pair => $"{pair.Key}={pair.Value}"));
        arguments.AddRange(["/bin/sh", "-c", command]);
        return (SetprivPath, arguments, null);
    }

    private const string EnvPath = "/usr/bin/env";

    private static readonly string? SetprivPath = new[] { "/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv" }.FirstOrDefault(File.Exists);
}
