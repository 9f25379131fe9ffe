using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.State;

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

        try
        {
            var host = new ConsoleHost(context.Error, verbose, dryRun: false);
            var results = new LastPassPublisher(common.Paths, host).Publish(config, context.Cancellation);
            foreach (var result in results)
            {
                (result.Error is null ? context.Output : context.Error).WriteLine(result.Message);
            }

            return results.All(r => r.Error is null) ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (NoPassYetException ex)
        {
            context.Error.WriteLine($"gitops-agent publish: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (AgentLockHeldException ex)
        {
            context.Error.WriteLine($"gitops-agent: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (InvalidDataException ex)
        {
            context.Error.WriteLine($"gitops-agent: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("gitops-agent: stopped before publishing finished; the report is kept and the next pass publishes it.");
            return ExitCodes.Failure;
        }
    }
}
