using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.AirGap;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent bundle --config-repo URL[@BRANCH] --device NAME --out FILE [--full]`: on a connected machine, no agent config.</summary>
internal sealed class BundleCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var repo = CliOptions.Value("--config-repo", "URL[@BRANCH]", "the deployment-config repo and branch, as this machine reaches it (branch: main)");
        repo.Required = true;
        var device = CliOptions.Value("--device", "NAME", "the device's infra_name: its folder in the config repo");
        device.Required = true;
        var output = CliOptions.Value("--out", "FILE", "the bundle to write (replaced whole, never half written)");
        output.Required = true;
        var full = CliOptions.Flag("--full", "everything, not only what the device's last report says it lacks");
        var json = CliOptions.Json();
        var verbose = CliOptions.Verbose("narrate each git step on stderr");
        var command = new AgentCommand("bundle", "write one file holding a config repo's state for an air-gapped device")
        {
            Details = "On a connected machine (no agent config needed): fetches the branch, reads <device>/infra_meta.toml at its tip,\n" +
                "fetches every pinned app commit from its code_url, and writes them with a manifest into one git bundle. Unless\n" +
                "--full, it leaves out what the device's last report on <branch>-monitoring says it has, so the bundle needs those\n" +
                "commits on the device. Carry the file over and run 'gitops-agent import FILE' there.",
            ExitCodes = "0 written, 1 the repo, the device's infra_meta.toml or an app commit could not be read (nothing written).",
        };
        command.Options.Add(repo);
        command.Options.Add(device);
        command.Options.Add(output);
        command.Options.Add(full);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(result => CommandGuard.Run(context, "stopped; no bundle was written.", () =>
        {
            var host = new ConsoleHost(context.Error, result.GetValue(verbose), dryRun: false);
            var builder = new ConfigBundleBuilder(new GitClient(host: host), host);
            var created = builder.Create(ConfigRepoSource.Parse(result.GetValue(repo)!), result.GetValue(device)!, result.GetValue(output)!, result.GetValue(full), context.Cancellation);
            context.Output.Write(result.GetValue(json) ? AirGapPrinter.Json(created) : AirGapPrinter.Text(created));
            return ExitCodes.Success;
        }));
        return command;
    }
}
