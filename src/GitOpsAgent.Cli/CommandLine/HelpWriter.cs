using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>
/// The help texts, written from the command definitions: `gitops-agent --help` lists the commands, and
/// `gitops-agent COMMAND --help` gives the usage line, what it does, every option and the exit codes.
/// </summary>
internal static class HelpWriter
{
    public const string Environment = "Environment: GITOPS_AGENT_CONFIG (default /etc/gitops-agent/config.toml), GITOPS_AGENT_HOME (default /opt/gitops-agent).";

    public static string Root(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = new StringBuilder();
        text.Append($"gitops-agent {CliDefinition.ProductVersion}: {root.Description}\n\n");
        text.Append("Usage: gitops-agent <command> [options]\n\nCommands:\n");
        foreach (var command in Visible(root))
        {
            text.Append($"  {command.Name,-12} {command.Description}\n");
        }

        text.Append("\nOptions:\n");
        text.Append("  --help       this text; 'gitops-agent <command> --help' for a command's options\n");
        text.Append("  --version    the version\n");
        text.Append("  --configure  the same as 'gitops-agent configure'\n\n");
        text.Append(Environment).Append('\n');
        return text.ToString();
    }

    public static string For(AgentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = new StringBuilder();
        text.Append(UsageLine(command)).Append("\n\n");
        if (command.Details.Length > 0)
        {
            text.Append(command.Details.TrimEnd()).Append("\n\n");
        }

        var rows = OptionRows(command).ToList();
        var width = Math.Max(16, rows.Count == 0 ? 0 : rows.Max(row => row.Name.Length) + 2);
        foreach (var (name, description) in rows)
        {
            text.Append("  ").Append(name.PadRight(width)).Append(description).Append('\n');
        }

        if (rows.Count > 0)
        {
            text.Append('\n');
        }

        text.Append("Exit codes: ").Append(command.ExitCodes).Append('\n');
        return text.ToString();
    }

    public static string UsageLine(AgentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parts = new List<string> { $"Usage: gitops-agent {command.Name}" };
        foreach (var subcommand in command.Subcommands.Where(c => !c.Hidden))
        {
            parts.Add(subcommand.Name);
        }

        parts.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.HelpName ?? a.Name}>"));
        // A required option (suspend's --reason) is shown without brackets, so the usage line does not call it optional.
        parts.AddRange(Options(command).Select(option => (option.Required ? Spelling(option) : $"[{Spelling(option)}]") + (option.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty)));
        return string.Join(' ', parts);
    }

    /// <summary>Each visible option as "--name VALUE" (with its short alias) and its description.</summary>
    public static IEnumerable<(string Name, string Description)> OptionRows(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in Options(command))
        {
            var alias = option.Aliases.FirstOrDefault();
            yield return ((alias is null ? string.Empty : alias + ", ") + Spelling(option), option.Description ?? string.Empty);
        }
    }

    public static IEnumerable<Option> Options(Command command) =>
        command.Options.Where(option => !option.Hidden && option is not HelpOption and not VersionOption);

    public static IEnumerable<Command> Visible(Command command) => command.Subcommands.Where(c => !c.Hidden);

    private static string Spelling(Option option) =>
        option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName ?? "VALUE"}";
}
