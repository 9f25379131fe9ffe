using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.AirGap;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent export-reports --out FILE [--all]`: the health reports this device could not push, in one file.</summary>
internal sealed class ExportReportsCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var output = CliOptions.Value("--out", "FILE", "the bundle to write");
        output.Required = true;
        var all = CliOptions.Flag("--all", "every report of the monitoring clones, also those the remote already has");
        var json = CliOptions.Json();
        var command = new AgentCommand("export-reports", "write the health reports queued on this device (no link) into one file")
        {
            Details = "Writes, per config repo, the commits of the monitoring clone that its remote is not known to have into one\n" +
                "bundle. Carry it to a connected machine and run 'gitops-agent import-reports FILE --config-repo URL@BRANCH'.\n" +
                "When nothing is queued it says so and writes no file. The reports stay queued here until a pass reaches the remote.",
            ExitCodes = "0 written, or nothing queued, 1 could not run (bad config, --out folder missing).",
        };
        common.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(all);
        command.Options.Add(json);
        command.SetAction(result =>
        {
            var options = common.Read(result);
            var config = options.LoadConfig(context);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            return CommandGuard.Run(context, "stopped; no file was written.", () =>
            {
                var exported = new ReportExporter(options.Paths, new Output.ConsoleHost(context.Error, verbose: false, dryRun: false)).Export(config, result.GetValue(output)!, result.GetValue(all));
                context.Output.Write(result.GetValue(json) ? AirGapPrinter.Json(exported) : exported.Message + "\n");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
