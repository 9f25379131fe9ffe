using System.Globalization;
using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>Writes strings as TOML basic or multi-line basic strings whose decoding is exactly the input.</summary>
internal static class TomlStringFormatter
{
    public static void AppendBasic(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append('\t'); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>
    /// Writes a multi-line basic string. Line feeds stay literal so reports read well; everything TOML would
    /// alter is escaped: carriage returns, backslashes, control characters and any run of quotes that could
    /// close the string early.
    /// </summary>
    public static void AppendMultiline(StringBuilder builder, string value)
    {
        // A newline right after the opening quotes is dropped by readers, so one is always written.
        builder.Append("\"\"\"\n");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    // Escaping every third quote of a run, and a quote at the very end, keeps `"""` from closing early.
                    var run = 0;
                    while (i + run < value.Length && value[i + run] == '"')
                    {
                        run++;
                    }

                    for (var k = 0; k < run; k++)
                    {
                        var last = i + k == value.Length - 1;
                        builder.Append(k % 3 == 2 || last ? "\\\"" : "\"");
                    }

                    i += run - 1;
                    break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append('\n'); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append('\t'); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append("\"\"\"");
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
}
