using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent reconcile`: one pass over every app (or those named), then the health report.</summary>
internal sealed class ReconcileCommand : ICliCommand
{
    public string Name => "reconcile";

    public string Summary => "run one pass: bring every app to the state its config repo declares";

    public string Usage =>
        "Usage: gitops-agent reconcile [--config PATH] [--home DIR] [--app NAME]... [--dry-run] [--json] [--verbose]\n\n" +
        "Runs one pass and prints one row per app: name, status, commit, drift, action.\n\n" +
        CommonOptions.Usage +
        "  --app NAME      only this app (repeatable)\n" +
        "  --dry-run       print the plan; change nothing on the device\n" +
        "  --json          print the result as JSON\n" +
        "  --verbose       narrate each git and hook step on stderr\n\n" +
        "Exit codes: 0 every app healthy, 2 some app is not, 1 the pass could not run (bad config, lock held).\n";

    public int Run(CliContext context, IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments);
        var common = CommonOptions.Read(reader);
        var apps = reader.Values("--app");
        var dryRun = reader.Flag("--dry-run");
        var json = reader.Flag("--json");
        var verbose = reader.Flag("--verbose", "-v");
        reader.Positionals(0);

        var config = common.LoadConfig(context);
        if (config is null)
        {
            return ExitCodes.Failure;
        }

        var host = new ConsoleHost(context.Error, verbose, dryRun);
        var engine = new ReconcileEngine(common.Paths, host);
        try
        {
            var report = engine.RunPass(config, new ReconcileOptions { Apps = apps, DryRun = dryRun }, context.Cancellation);
            context.Output.Write(json ? PassPrinter.Json(report) : PassPrinter.Table(report));
            return report.AllHealthy ? ExitCodes.Success : ExitCodes.Unhealthy;
        }
        catch (AgentLockHeldException ex)
        {
            context.Error.WriteLine($"gitops-agent: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (ConfigurationException ex)
        {
            context.Error.WriteLine($"gitops-agent: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("gitops-agent: stopped before the pass finished; the next pass picks up where this one left off.");
            return ExitCodes.Failure;
        }
    }
}
