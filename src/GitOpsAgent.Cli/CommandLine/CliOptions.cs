using System.CommandLine;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>Factories for options that several commands share, so they read and complete the same everywhere.</summary>
internal static class CliOptions
{
    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<string?> Value(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    public static Option<bool> Json() => Flag("--json", "print the result as JSON");

    public static Option<bool> Verbose(string description = "narrate each git and hook step on stderr") => Flag("--verbose", description, "-v");
}
