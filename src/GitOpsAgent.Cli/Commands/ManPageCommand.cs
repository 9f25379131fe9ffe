using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent man-page` (hidden): prints gitops-agent(1), which the build packages and install.sh installs.</summary>
internal sealed class ManPageCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var command = new AgentCommand("man-page", "print the gitops-agent(1) man page in roff")
        {
            Hidden = true,
            ExitCodes = "0.",
        };
        command.SetAction(result =>
        {
            context.Output.Write(ManPageWriter.Write((RootCommand)result.RootCommandResult.Command));
            return ExitCodes.Success;
        });
        return command;
    }
}
