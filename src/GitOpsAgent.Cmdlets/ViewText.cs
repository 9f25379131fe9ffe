using System.Text;

namespace GitOpsAgent.Cmdlets;

/// <summary>
/// Text helpers for the format views (GitOpsAgent.Format.ps1xml calls them): PowerShell wraps a table cell at any
/// character, so "checkout" becomes "checko" / "ut"; cells that may wrap are broken at spaces here first.
/// </summary>
public static class ViewText
{
    /// <summary><paramref name="text"/> broken into lines of at most <paramref name="width"/> characters, at spaces where possible.</summary>
    public static string Wrap(string? text, int width)
    {
        if (string.IsNullOrEmpty(text) || width < 1 || text.Length <= width)
        {
            return text ?? string.Empty;
        }

        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
            // A word longer than the column cannot be kept whole: cut it, as PowerShell would.
            while (line.Length > width)
            {
                lines.Add(line.ToString(0, width));
                line.Remove(0, width);
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return string.Join('\n', lines);
    }
}
