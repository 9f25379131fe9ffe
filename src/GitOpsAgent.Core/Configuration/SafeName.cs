namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// The characters an app name or infra_name may hold: letters, digits, '-', '_' and '.', not starting with '.'.
/// They become folder names, file names on the monitoring branch, ref names and environment values for hooks, so
/// nothing that could climb out of a folder, start an option or break a shell line gets through.
/// </summary>
public static class SafeName
{
    public const string Pattern = "^[A-Za-z0-9_-][A-Za-z0-9._-]*$";

    public const string Rule = "letters, digits, '-', '_' and '.', not starting with '.'";

    public static bool IsSafe(string? name) =>
        !string.IsNullOrEmpty(name) && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The name with every other character replaced by '-', as a suggestion for the fix.</summary>
    public static string Suggest(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var text = new string(chars).TrimStart('.', '-');
        return text.Length == 0 ? "app-1" : text;
    }
}
