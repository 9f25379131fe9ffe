using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent publish`: pushes the last saved pass's health report to each config repo's monitoring branch.</summary>
internal sealed class PublishCommand : ICliCommand
{
    public string Name => "publish";

    public string Summary => "publish the last pass's health report to the <branch>-monitoring branches";

    public string Usage =>
        "Usage: gitops-agent publish [--config PATH] [--home DIR] [--verbose]\n\n" +
        "Writes <infra_name>.toml from the last saved pass to the <branch>-monitoring branch of every config repo\n" +
        "the agent uses, and pushes it when it changed. Reports kept locally by an offline pass are pushed too.\n\n" +
        CommonOptions.Usage +
        "  --verbose       narrate each git step on stderr\n\n" +
        "Exit codes: 0 published or nothing to publish, 1 a report could not be published (it is kept and retried).\n";

    public int Run(CliContext context, IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments);
        var common = CommonOptions.Read(reader);
        var verbose = reader.Flag("--verbose", "-v");
        reader.Positionals(0);

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
