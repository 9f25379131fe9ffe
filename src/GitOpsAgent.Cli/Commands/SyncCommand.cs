using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent sync APP…`: applies the drift of apps with sync = "manual" (and a held failed state) now.</summary>
internal sealed class SyncCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var apps = new Argument<string[]>("app") { Description = "the app(s) to bring to their desired state", HelpName = "APP", Arity = ArgumentArity.OneOrMore };
        apps.CompletionSources.Add(AppNameCompletion.From(common));
        var noPublish = CliOptions.Flag("--no-publish", "do not push the health report");
        var json = CliOptions.Json();
        var verbose = CliOptions.Verbose();
        var command = new AgentCommand("sync", "apply the named apps' desired state now, also when they have sync = \"manual\"")
        {
            Details = "A pass over the named apps that applies their drift even when infra_meta.toml says sync = \"manual\" (such\n" +
                "apps are otherwise only reported as \"🔶 out of sync (manual)\"), and tries a held failed desired state\n" +
                "again, like reconcile --retry. A suspended app stays untouched: resume it first. Then publishes the report.",
            ExitCodes = "0 no app needs attention, 2 some app failed or was rolled back, 1 the pass could not run.",
        };
        common.AddTo(command);
        command.Arguments.Add(apps);
        command.Options.Add(noPublish);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(result => ReconcileCommand.Run(
            context,
            common.Read(result),
            new ReconcileOptions { Apps = result.GetValue(apps) ?? [], Sync = true },
            result.GetValue(noPublish),
            result.GetValue(json),
            result.GetValue(verbose)));
        return command;
    }
}
