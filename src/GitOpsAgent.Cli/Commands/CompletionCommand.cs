using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent completion bash|zsh|fish`: prints a script that makes the shell complete gitops-agent.</summary>
internal sealed class CompletionCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish", HelpName = "bash|zsh|fish" };
        shell.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        var command = new AgentCommand("completion", "print a shell completion script (bash, zsh or fish) to source")
        {
            Details = "Commands and options complete everywhere; app names complete for --app from the agent config the\n" +
                "line names (--config) or the environment's. bash: source <(gitops-agent completion bash), or install.sh\n" +
                "puts it in /usr/share/bash-completion/completions/. zsh: source <(gitops-agent completion zsh).\n" +
                "fish: gitops-agent completion fish | source.",
            ExitCodes = "0 printed, 1 not a shell it knows.",
        };
        command.Arguments.Add(shell);
        command.SetAction(result =>
        {
            context.Output.Write(CompletionScripts.For(result.GetRequiredValue(shell)));
            return ExitCodes.Success;
        });
        return command;
    }
}
