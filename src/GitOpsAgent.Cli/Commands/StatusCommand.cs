using System.Globalization;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent status`: the last pass on this device, from the agent home, without network.</summary>
internal sealed class StatusCommand : ICliCommand
{
    public string Name => "status";

    public string Summary => "show the last pass on this device (no network), or --fleet: every device's report";

    public string Usage =>
        "Usage: gitops-agent status [--config PATH] [--home DIR] [--fleet] [--json]\n\n" +
        "Prints the last pass saved under the agent home: one row per app. With --fleet, reads every device's\n" +
        "<device>.toml on the monitoring branch of each configured config repo: one row per device and app, with\n" +
        "'⏳ stale' for a device that has not reported for three of its intervals (plus its heartbeat).\n\n" +
        CommonOptions.Usage +
        "  --fleet         every device on the monitoring branches (needs the agent config and network)\n" +
        "  --json          print it as JSON\n\n" +
        "Exit codes: 0 every app healthy (and, with --fleet, no device stale), 2 some app is not, 1 nothing to show.\n";

    public int Run(CliContext context, IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments);
        var common = CommonOptions.Read(reader);
        var json = reader.Flag("--json");
        var fleet = reader.Flag("--fleet");
        var verbose = reader.Flag("--verbose", "-v");
        reader.Positionals(0);
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

        return report.AllHealthy ? ExitCodes.Success : ExitCodes.Unhealthy;
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

        return rows.All(row => row.Healthy && !row.Stale) ? ExitCodes.Success : ExitCodes.Unhealthy;
    }
}
