namespace GitOpsAgent.Cli.Commands;

/// <summary>One `gitops-agent` subcommand: parses its own arguments and returns the process exit code.</summary>
internal interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for `gitops-agent --help`.</summary>
    string Summary { get; }

    /// <summary>Full usage text for `gitops-agent NAME --help`.</summary>
    string Usage { get; }

    int Run(CliContext context, IReadOnlyList<string> arguments);
}
