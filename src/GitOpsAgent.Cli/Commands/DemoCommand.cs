using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Demo;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Processes;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent demo`: a guided tour in a throw-away sandbox that needs nothing but git.</summary>
internal sealed class DemoCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var dir = CliOptions.Value("--dir", "DIR", "create the sandbox under DIR (default: the system temp folder)");
        var verbose = CliOptions.Verbose();
        var command = new AgentCommand("demo", "a guided tour in a temp sandbox (needs only git): deploy, pin, heal drift, failing hook")
        {
            Details = "Builds a sandbox (a bare config repo, the app repos web and worker, a device with its agent config and home)\n" +
                "and walks through four passes: first deployment, a pinned commit change, drift healed with the operator's\n" +
                "change kept, and a failing hook reported. After each it prints the status table and the health report pushed\n" +
                "to the monitoring branch. Nothing outside the sandbox is touched; it is kept so you can look around.",
            ExitCodes = "0 every step showed what it should, 1 otherwise.",
        };
        command.Options.Add(dir);
        command.Options.Add(verbose);
        command.SetAction(result => Run(context, result.GetValue(dir) ?? Path.GetTempPath(), result.GetValue(verbose)));
        return command;
    }

    private static int Run(CliContext context, string parent, bool verbose)
    {
        var host = new ConsoleHost(context.Error, verbose, dryRun: false);
        var git = new GitClient(host: host);
        DemoSandbox sandbox;
        try
        {
            sandbox = DemoSandbox.Create(parent, git);
        }
        catch (ProcessStartException ex)
        {
            context.Error.WriteLine($"gitops-agent demo: git is needed and could not be started ({ex.Message}). Install it: apt-get install git.");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"gitops-agent demo: the sandbox could not be created under {parent}: {ex.Message}");
            return ExitCodes.Failure;
        }

        context.Output.WriteLine($"GitOps Agent demo: a device ({DemoSandbox.InfraName}), its config repo and two apps, all in {sandbox.Root}");
        context.Output.WriteLine($"Agent config: {sandbox.ConfigFile}; agent home: {sandbox.Paths.Home}; apps under {Path.Combine(sandbox.Device, "srv")}.");
        int failed;
        try
        {
            failed = new DemoScenario(sandbox, host, context.Output).Run(context.Cancellation);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine($"gitops-agent demo: stopped. The sandbox is {sandbox.Root}; remove it with: rm -rf {sandbox.Root}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is GitException or ConfigurationException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"gitops-agent demo: a step could not be set up: {ex.Message}");
            context.Error.WriteLine($"The sandbox is kept for a look: {sandbox.Root}; remove it with: rm -rf {sandbox.Root}");
            return ExitCodes.Failure;
        }

        context.Output.WriteLine();
        context.Output.WriteLine(failed == 0 ? "Every step showed what it should." : $"{failed} step(s) did not show what they should; see UNEXPECTED above.");
        context.Output.WriteLine($"The sandbox is kept for you to look around: {sandbox.Root}");
        context.Output.WriteLine($"  try: gitops-agent status --home {sandbox.Paths.Home}");
        context.Output.WriteLine($"  remove it with: rm -rf {sandbox.Root}");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
