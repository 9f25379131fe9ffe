using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.AirGap;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent import FILE`: on the device, verify a bundle and reconcile from it.</summary>
internal sealed class ImportCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var file = new Argument<string>("file") { Description = "the bundle made by 'gitops-agent bundle'", HelpName = "FILE" };
        var repo = CliOptions.Value("--config-repo", "URL[@BRANCH]", "which of this device's config repos the bundle is for, when neither its URL nor its name says so");
        var dryRun = CliOptions.Flag("--dry-run", "check the bundle and print the plan; change nothing");
        var noPublish = CliOptions.Flag("--no-publish", "do not write the health report (by default it is published, or queued for export-reports)");
        var json = CliOptions.Json();
        var verbose = CliOptions.Verbose();
        var command = new AgentCommand("import", "verify a bundle on an air-gapped device and reconcile from it")
        {
            Details = "Checks the file whole, that it was made for this device (infra_name) and one of its config repos, and the\n" +
                "signatures verify_commits asks for; then runs a pass over that repo's apps in which its config and app URLs\n" +
                "resolve to the bundle, exactly as from a remote. Nothing changes when a check fails. The health report is\n" +
                "published as usual; without a link it is queued for 'gitops-agent export-reports'.",
            ExitCodes = "0 no app needs attention, 2 some app failed or was rolled back, 1 the bundle was refused (damaged, for\nanother device, untrusted) or the pass could not run.",
        };
        common.AddTo(command);
        command.Arguments.Add(file);
        command.Options.Add(repo);
        command.Options.Add(dryRun);
        command.Options.Add(noPublish);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(result =>
        {
            var options = common.Read(result);
            var config = options.LoadConfig(context);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            return CommandGuard.Run(context, "stopped before the pass finished; the next pass picks up where this one left off.", () =>
            {
                var dry = result.GetValue(dryRun);
                var host = new ConsoleHost(context.Error, result.GetValue(verbose), dry);
                var given = result.GetValue(repo) is { } text ? ConfigRepoSource.Parse(text) : null;
                var imported = new BundleImporter(options.Paths, host).Import(config, result.GetValue(file)!, given, dry, !result.GetValue(noPublish), context.Cancellation);
                if (result.GetValue(json))
                {
                    context.Output.Write(AirGapPrinter.Json(imported));
                }
                else
                {
                    context.Output.Write($"{imported.Path}: {imported.BundledFrom} at {imported.ConfigCommit[..12]} for {imported.ConfigRepo}\n");
                    context.Output.Write(PassPrinter.Table(imported.Pass!));
                }

                foreach (var published in imported.Published)
                {
                    context.Error.WriteLine((published.Error is null ? string.Empty : "warning: ") + published.Message);
                }

                return imported.NeedsAttention ? ExitCodes.Unhealthy : ExitCodes.Success;
            });
        });
        return command;
    }
}
