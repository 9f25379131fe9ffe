using System.Text.RegularExpressions;

namespace GitOpsAgent.Core.Processes;

/// <summary>Removes terminal escape sequences so captured output reads well in a report file.</summary>
public static partial class AnsiText
{
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('\u001b', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? EscapeSequence().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), string.Empty).Replace('\r', '\n')
            : text;
    }

    // CSI sequences (colours, cursor moves), OSC sequences (titles, links) and two-character escapes.
    [GeneratedRegex(@"\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)|\u001b[@-Z\\-_]")]
    private static partial Regex EscapeSequence();
}
