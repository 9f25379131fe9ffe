namespace GitOpsAgent.Toml;

/// <summary>
/// Turns character offsets of a parsed text into lines and columns on demand. The parser records offsets
/// only, so reading a large document never pays for positions nobody asks for; the price is that the
/// model keeps its source text alive.
/// </summary>
internal sealed class TomlSourceMap(string text, string? sourceName)
{
    private int[]? _lineStarts;

    public string? SourceName { get; } = sourceName;

    /// <summary>
    /// The content of the escape-free single-line string whose opening quote is at <paramref name="quote"/>.
    /// The reader only defers strings with no escapes, so the first quote of the same kind closes it.
    /// </summary>
    public string PlainStringAt(int quote)
    {
        var start = quote + 1;
        var length = text.AsSpan(start).IndexOf(text[quote]);
        return text.Substring(start, length);
    }

    public TomlPosition PositionOf(int offset)
    {
        var lineStarts = _lineStarts ??= FindLineStarts(text);
        var line = Array.BinarySearch(lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var start = lineStarts[line];
        var end = Math.Min(offset, text.Length);
        var column = offset - start + 1;
        for (var i = start; i < end; i++)
        {
            if (char.IsLowSurrogate(text[i]))
            {
                column--;
            }
        }

        return new TomlPosition(line + 1, column);
    }

    private static int[] FindLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        var span = text.AsSpan();
        var offset = 0;
        int newline;
        while ((newline = span[offset..].IndexOf('\n')) >= 0)
        {
            offset += newline + 1;
            starts.Add(offset);
        }

        return [.. starts];
    }
}
