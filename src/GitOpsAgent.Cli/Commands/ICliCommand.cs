using GitOpsAgent.Cli.CommandLine;

namespace GitOpsAgent.Cli.Commands;

/// <summary>One `gitops-agent` subcommand: its definition (options, help, completion) and the action it runs.</summary>
internal interface ICliCommand
{
    /// <summary>The command's definition, whose action runs with <paramref name="context"/>.</summary>
    AgentCommand Create(CliContext context);
}
