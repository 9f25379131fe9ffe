using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.AirGap;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent import-reports FILE --config-repo URL[@BRANCH]`: on a connected machine, no agent config.</summary>
internal sealed class ImportReportsCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "the file made by 'gitops-agent export-reports' on the device", HelpName = "FILE" };
        var repo = CliOptions.Value("--config-repo", "URL[@BRANCH]", "the deployment-config repo and branch whose <branch>-monitoring gets the reports (branch: main)");
        repo.Required = true;
        var json = CliOptions.Json();
        var verbose = CliOptions.Verbose("narrate each git step on stderr");
        var command = new AgentCommand("import-reports", "push an air-gapped device's queued health reports to its monitoring branch")
        {
            Details = "Commits each queued report again, oldest first, on the monitoring branch's current tip (only the device's own\n" +
                "file and the dashboard) and pushes like the agent does: redone on the new tip when another device pushed\n" +
                "first, never forced. Reports the branch already has are left out, so importing a file twice is harmless.",
            ExitCodes = "0 pushed (or already there), 1 the file was refused or the branch could not be written.",
        };
        command.Arguments.Add(file);
        command.Options.Add(repo);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(result => CommandGuard.Run(context, "stopped; what was pushed stays, the rest can be imported again.", () =>
        {
            var host = new ConsoleHost(context.Error, result.GetValue(verbose), dryRun: false);
            var imported = new ReportImporter(new GitClient(host: host), host).Import(result.GetValue(file)!, ConfigRepoSource.Parse(result.GetValue(repo)!), context.Cancellation);
            context.Output.Write(result.GetValue(json) ? AirGapPrinter.Json(imported) : imported.Message + "\n");
            return ExitCodes.Success;
        }));
        return command;
    }
}
