using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent reconcile`: one pass over every app (or those named), then the health report.</summary>
internal sealed class ReconcileCommand : ICliCommand
{
    public string Name => "reconcile";

    public string Summary => "run one pass: bring every app to the state its config repo declares";

    public string Usage =>
        "Usage: gitops-agent reconcile [--config PATH] [--home DIR] [--app NAME]... [--dry-run] [--no-publish] [--json] [--verbose]\n\n" +
        "Runs one pass and prints one row per app: name, status, commit, drift, action. Then publishes the health\n" +
        "report to each config repo's <branch>-monitoring branch (not after a dry run, nor with --no-publish).\n\n" +
        CommonOptions.Usage +
        "  --app NAME      only this app (repeatable)\n" +
        "  --dry-run       print the plan; change nothing on the device\n" +
        "  --no-publish    do not push the health report (publish it later with 'gitops-agent publish')\n" +
        "  --json          print the result as JSON\n" +
        "  --verbose       narrate each git and hook step on stderr\n\n" +
        "Exit codes: 0 every app healthy, 2 some app is not, 1 the pass could not run (bad config, lock held).\n";

    public int Run(CliContext context, IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments);
        var common = CommonOptions.Read(reader);
        var apps = reader.Values("--app");
        var dryRun = reader.Flag("--dry-run");
        var noPublish = reader.Flag("--no-publish");
        var json = reader.Flag("--json");
        var verbose = reader.Flag("--verbose", "-v");
        reader.Positionals(0);

        var config = common.LoadConfig(context);
        if (config is null)
        {
            return ExitCodes.Failure;
        }

        var host = new ConsoleHost(context.Error, verbose, dryRun);
        var runner = new ReconcileRunner(common.Paths, host);
        return CommandGuard.Run(context, "stopped before the pass finished; the next pass picks up where this one left off.", () =>
        {
            var result = runner.Run(config, new ReconcileOptions { Apps = apps, DryRun = dryRun }, publish: !noPublish, context.Cancellation);
            var report = result.Report;
            context.Output.Write(json ? PassPrinter.Json(report) : PassPrinter.Table(report));
            foreach (var published in result.Published)
            {
                // Publishing is reported on stderr so --json output stays one document.
                context.Error.WriteLine((published.Error is null ? string.Empty : "warning: ") + published.Message);
            }

            return report.NeedsAttention ? ExitCodes.Unhealthy : ExitCodes.Success;
        });
    }
}
