using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent reconcile`: one pass over every app (or those named), then the health report.</summary>
internal sealed class ReconcileCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var app = new Option<string[]>("--app") { Description = "only this app (repeatable)", HelpName = "NAME", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        app.CompletionSources.Add(AppNameCompletion.From(common));
        var dryRun = CliOptions.Flag("--dry-run", "print the plan; change nothing on the device");
        var noPublish = CliOptions.Flag("--no-publish", "do not push the health report (publish it later with 'gitops-agent publish')");
        var retry = CliOptions.Flag("--retry", "try a desired state that failed here (and is held or rolled back) again, now");
        var json = CliOptions.Json();
        var verbose = CliOptions.Verbose();
        var command = new AgentCommand("reconcile", "run one pass: bring every app to the state its config repo declares")
        {
            Details = "Runs one pass and prints one row per app: name, status, commit, drift, action. Then publishes the health\n" +
                "report to each config repo's <branch>-monitoring branch (not after a dry run, nor with --no-publish).",
            ExitCodes = "0 no app needs attention (healthy, suspended, manual and out of sync, removed; with --dry-run, no\nfailure), 2 some app failed or was rolled back, 1 the pass could not run (bad config, lock held).",
        };
        common.AddTo(command);
        command.Options.Add(app);
        command.Options.Add(dryRun);
        command.Options.Add(noPublish);
        command.Options.Add(retry);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(result => Run(
            context,
            common.Read(result),
            new ReconcileOptions { Apps = result.GetValue(app) ?? [], DryRun = result.GetValue(dryRun), Retry = result.GetValue(retry) },
            result.GetValue(noPublish),
            result.GetValue(json),
            result.GetValue(verbose)));
        return command;
    }

    /// <summary>One pass with <paramref name="options"/>, printed as a table or JSON; shared with `sync`.</summary>
    internal static int Run(CliContext context, CommonOptions common, ReconcileOptions options, bool noPublish, bool json, bool verbose)
    {
        var config = common.LoadConfig(context);
        if (config is null)
        {
            return ExitCodes.Failure;
        }

        var host = new ConsoleHost(context.Error, verbose, options.DryRun);
        var runner = new ReconcileRunner(common.Paths, host);
        return CommandGuard.Run(context, "stopped before the pass finished; the next pass picks up where this one left off.", () =>
        {
            var result = runner.Run(config, options, publish: !noPublish, context.Cancellation);
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
