using System.Globalization;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent status`: the last pass on this device, from the agent home, without network.</summary>
internal sealed class StatusCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var fleet = CliOptions.Flag("--fleet", "every device on the monitoring branches (needs the agent config and network)");
        var json = CliOptions.Json();
        var verbose = CliOptions.Verbose("with --fleet, narrate each git step on stderr");
        var command = new AgentCommand("status", "show the last pass on this device (no network), or --fleet: every device's report")
        {
            Details = "Prints the last pass saved under the agent home: one row per app. With --fleet, reads every device's\n" +
                "<device>.toml on the monitoring branch of each configured config repo: one row per device and app, with\n" +
                "'⏳ stale' for a device that has not reported for three of its intervals (plus its heartbeat).",
            ExitCodes = "0 every app healthy (and, with --fleet, no device stale), 2 some app is not, 1 nothing to show.",
        };
        common.AddTo(command);
        command.Options.Add(fleet);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(result => Run(context, common.Read(result), result.GetValue(fleet), result.GetValue(json), result.GetValue(verbose)));
        return command;
    }

    private static int Run(CliContext context, CommonOptions common, bool fleet, bool json, bool verbose)
    {
        if (fleet)
        {
            return Fleet(context, common, json, verbose);
        }

        var report = LastPassStore.Load(common.Paths);
        if (report is null)
        {
            context.Error.WriteLine($"gitops-agent: no pass has run under {common.Paths.Home} yet. Run 'gitops-agent reconcile' first.");
            return ExitCodes.Failure;
        }

        if (json)
        {
            context.Output.Write(PassPrinter.Json(report));
        }
        else
        {
            var age = DateTimeOffset.UtcNow - report.FinishedAt;
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Last pass on {report.InfraName}: {report.FinishedAt:yyyy-MM-dd HH:mm:ss}Z ({Math.Max(0, (int)age.TotalSeconds)} s ago)"));
            context.Output.WriteLine();
            context.Output.Write(PassPrinter.Table(report));
        }

        return !report.NeedsAttention ? ExitCodes.Success : ExitCodes.Unhealthy;
    }

    private static int Fleet(CliContext context, CommonOptions common, bool json, bool verbose)
    {
        var config = common.LoadConfig(context);
        if (config is null)
        {
            return ExitCodes.Failure;
        }

        var host = new ConsoleHost(context.Error, verbose, dryRun: false);
        var git = new GitClient(host: host) { Cancellation = context.Cancellation };
        var rows = new FleetStatusReader(common.Paths, git, host).Read(config, DateTimeOffset.UtcNow, context.Cancellation);
        context.Output.Write(json ? FleetJson.Serialize(rows) + "\n" : FleetTableFormatter.Format(rows));
        if (rows.Count == 0)
        {
            context.Error.WriteLine("gitops-agent: no device has published a report on the monitoring branches yet.");
            return ExitCodes.Failure;
        }

        return rows.All(row => !row.NeedsAttention && !row.Stale) ? ExitCodes.Success : ExitCodes.Unhealthy;
    }
}
