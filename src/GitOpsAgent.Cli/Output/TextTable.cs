using System.Globalization;
using System.Text;

namespace GitOpsAgent.Cli.Output;

/// <summary>A plain aligned text table; widths count text elements so emoji status labels line up.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public override string ToString()
    {
        var widths = headers.Select(Width).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], Width(row[i]));
            }
        }

        var text = new StringBuilder();
        AppendRow(text, headers, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Length ? cells[i] : string.Empty;
            line.Append(cell);
            if (i < widths.Length - 1)
            {
                line.Append(' ', widths[i] - Width(cell) + 2);
            }
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    // Emoji take two terminal columns; the variation selector after ⚠ takes none.
    private static int Width(string text)
    {
        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            width += char.IsSurrogate(element[0]) || element.Contains('\uFE0F', StringComparison.Ordinal) || element[0] is '✅' or '❌' or '❓' or '⏳' ? 2 : 1;
        }

        return width;
    }
}
