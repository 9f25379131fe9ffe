using System.CommandLine;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>Factories for options that several commands share, so they read and complete the same everywhere.</summary>
internal static class CliOptions
{
    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<string?> Value(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    /// <summary>An ISO 8601 time; without an offset it is UTC.</summary>
    public static Option<DateTimeOffset?> Time(string name, string description)
    {
        var option = new Option<DateTimeOffset?>(name) { Description = description, HelpName = "TIME" };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time;
            }

            result.AddError($"{name} needs an ISO 8601 time such as 2026-11-20 or 2026-11-20T08:00Z, not '{text}'");
            return null;
        };
        return option;
    }

    public static Option<bool> Json() => Flag("--json", "print the result as JSON");

    public static Option<bool> Verbose(string description = "narrate each git and hook step on stderr") => Flag("--verbose", description, "-v");
}
