using System.Globalization;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent status`: the last pass on this device, from the agent home, without network.</summary>
internal sealed class StatusCommand : ICliCommand
{
    public string Name => "status";

    public string Summary => "show the last pass on this device (no network needed)";

    public string Usage =>
        "Usage: gitops-agent status [--home DIR] [--json]\n\n" +
        "Prints the last pass saved under the agent home: one row per app.\n\n" +
        CommonOptions.Usage +
        "  --json          print it as JSON\n\n" +
        "Exit codes: 0 every app was healthy, 2 some app was not, 1 no pass has run under this home.\n";

    public int Run(CliContext context, IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments);
        var common = CommonOptions.Read(reader);
        var json = reader.Flag("--json");
        reader.Positionals(0);

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
}
