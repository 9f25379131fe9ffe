using System.CommandLine;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>
/// A `gitops-agent` subcommand: System.CommandLine's command (its options and action) plus the paragraphs and exit
/// codes its help and the man page print, so all of them come from this one definition.
/// </summary>
internal sealed class AgentCommand(string name, string summary) : Command(name, summary)
{
    /// <summary>What the command does, in a paragraph or two, after the usage line.</summary>
    public string Details { get; init; } = string.Empty;

    /// <summary>What each exit code means for this command.</summary>
    public required string ExitCodes { get; init; }
}
