using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent publish`: pushes the last saved pass's health report to each config repo's monitoring branch.</summary>
internal sealed class PublishCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var verbose = CliOptions.Verbose("narrate each git step on stderr");
        var command = new AgentCommand("publish", "publish the last pass's health report to the <branch>-monitoring branches")
        {
            Details = "Writes <infra_name>.toml from the last saved pass to the <branch>-monitoring branch of every config repo\n" +
                "the agent uses, and pushes it when it changed. Reports kept locally by an offline pass are pushed too.",
            ExitCodes = "0 published or nothing to publish, 1 a report could not be published (it is kept and retried).",
        };
        common.AddTo(command);
        command.Options.Add(verbose);
        command.SetAction(result => Run(context, common.Read(result), result.GetValue(verbose)));
        return command;
    }

    private static int Run(CliContext context, CommonOptions common, bool verbose)
    {
        var config = common.LoadConfig(context);
        if (config is null)
        {
            return ExitCodes.Failure;
        }

        var host = new ConsoleHost(context.Error, verbose, dryRun: false);
        return CommandGuard.Run(context, "stopped before publishing finished; the report is kept and the next pass publishes it.", () =>
        {
            var results = new LastPassPublisher(common.Paths, host).Publish(config, context.Cancellation);
            foreach (var result in results)
            {
                (result.Error is null ? context.Output : context.Error).WriteLine(result.Message);
            }

            return results.All(r => r.Error is null) ? ExitCodes.Success : ExitCodes.Failure;
        });
    }
}
