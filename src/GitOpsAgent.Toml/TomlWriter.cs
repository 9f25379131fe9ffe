using System.Globalization;
using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>
/// Writes a model as deterministic TOML that reads back to an equal model with keys in the same order.
/// Scalars come first in each table; a sub-table that precedes a scalar is written with dotted keys so the
/// order survives, and later sub-tables become <c>[sections]</c> and <c>[[arrays of tables]]</c>.
/// </summary>
public static class TomlWriter
{
    public static string Write(TomlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var builder = new StringBuilder();
        WriteSectionBody(builder, table, [], allowMultiline: true);
        return builder.ToString();
    }

    /// <summary>Writes <paramref name="table"/> as the section <c>[path]</c> and everything below it.</summary>
    internal static string WriteSection(IReadOnlyList<string> path, TomlTable table, bool allowMultiline)
    {
        var builder = new StringBuilder();
        builder.Append('[').Append(TomlKeyFormatter.Join(path)).Append("]\n");
        WriteSectionBody(builder, table, path, allowMultiline);
        return builder.ToString();
    }

    /// <summary>The value as it appears after <c>key = </c>; strings with newlines become multi-line strings.</summary>
    internal static string FormatValue(object value, bool allowMultiline)
    {
        var builder = new StringBuilder();
        AppendValue(builder, value, allowMultiline);
        return builder.ToString();
    }

    private static void WriteSectionBody(StringBuilder builder, TomlTable table, IReadOnlyList<string> path, bool allowMultiline)
    {
        var lastPlain = -1;
        var index = 0;
        foreach (var (_, value) in table)
        {
            if (!IsSection(value))
            {
                lastPlain = index;
            }

            index++;
        }

        var sections = new List<KeyValuePair<string, object>>();
        index = 0;
        foreach (var entry in table)
        {
            if (index <= lastPlain || !IsSection(entry.Value))
            {
                AppendKeyValue(builder, TomlKeyFormatter.Format(entry.Key), entry.Value, allowMultiline);
            }
            else
            {
                sections.Add(entry);
            }

            index++;
        }

        foreach (var (key, value) in sections)
        {
            var childPath = new List<string>(path) { key };
            var header = TomlKeyFormatter.Join(childPath);
            if (value is TomlTable child)
            {
                AppendSeparator(builder);
                builder.Append('[').Append(header).Append("]\n");
                WriteSectionBody(builder, child, childPath, allowMultiline);
            }
            else
            {
                foreach (var element in (TomlArray)value)
                {
                    AppendSeparator(builder);
                    builder.Append("[[").Append(header).Append("]]\n");
                    WriteSectionBody(builder, (TomlTable)element, childPath, allowMultiline);
                }
            }
        }
    }

    private static void AppendSeparator(StringBuilder builder)
    {
        if (builder.Length > 0)
        {
            builder.Append('\n');
        }
    }

    /// <summary>Tables and non-empty arrays of only tables may be written as sections.</summary>
    private static bool IsSection(object value) => value switch
    {
        TomlTable => true,
        TomlArray { Count: > 0 } array => array.All(item => item is TomlTable),
        _ => false,
    };

    /// <summary>Writes <c>key = value</c>; a table here is spelled with dotted keys so it stays in its place.</summary>
    private static void AppendKeyValue(StringBuilder builder, string key, object value, bool allowMultiline)
    {
        if (value is TomlTable { Count: > 0 } table)
        {
            foreach (var (childKey, childValue) in table)
            {
                AppendKeyValue(builder, key + "." + TomlKeyFormatter.Format(childKey), childValue, allowMultiline);
            }

            return;
        }

        builder.Append(key).Append(" = ");
        AppendValue(builder, value, allowMultiline);
        builder.Append('\n');
    }

    private static void AppendValue(StringBuilder builder, object value, bool allowNewlines)
    {
        switch (value)
        {
            case string s:
                AppendString(builder, s, allowNewlines);
                break;
            case long or int or short or sbyte or byte or ushort or uint:
                builder.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(FormatFloat(d));
                break;
            case float f:
                builder.Append(FormatFloat(f));
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case DateTimeOffset dto:
                builder.Append(TomlDateFormat.Format(dto));
                break;
            case TomlLocalDateTime or TomlLocalDate or TomlLocalTime:
                builder.Append(value);
                break;
            case TomlArray array:
                AppendArray(builder, array, allowNewlines);
                break;
            case TomlTable table:
                AppendInlineTable(builder, table);
                break;
            default:
                throw new TomlException($"cannot write {value.GetType().Name} as TOML: values must be string, long, double, bool, DateTimeOffset, TomlLocalDateTime, TomlLocalDate, TomlLocalTime, TomlArray or TomlTable");
        }
    }

    private static void AppendString(StringBuilder builder, string value, bool allowNewlines)
    {
        CheckSurrogates(value);
        if (allowNewlines && value.Contains('\n', StringComparison.Ordinal))
        {
            TomlStringFormatter.AppendMultiline(builder, value);
        }
        else if (IsReadableAsLiteral(value))
        {
            // Windows paths and regexes read better without doubled backslashes.
            builder.Append('\'').Append(value).Append('\'');
        }
        else
        {
            TomlStringFormatter.AppendBasic(builder, value);
        }
    }

    private static bool IsReadableAsLiteral(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c == '\'' || (c < 0x20 && c != '\t') || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckSurrogates(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]))
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                throw new TomlException("cannot write a string with an unpaired UTF-16 surrogate as TOML");
            }
        }
    }

    private static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);

        // "R" writes 100 for 100.0; TOML would read that back as an integer.
        return text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0";
    }

    private static void AppendArray(StringBuilder builder, TomlArray array, bool allowNewlines)
    {
        builder.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            AppendValue(builder, array[i], allowNewlines);
        }

        builder.Append(']');
    }

    /// <summary>Inline tables must fit on one line, so strings inside them keep their newlines escaped.</summary>
    private static void AppendInlineTable(StringBuilder builder, TomlTable table)
    {
        if (table.Count == 0)
        {
            builder.Append("{}");
            return;
        }

        builder.Append("{ ");
        var first = true;
        foreach (var (key, value) in table)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            builder.Append(TomlKeyFormatter.Format(key)).Append(" = ");
            AppendValue(builder, value, allowNewlines: false);
        }

        builder.Append(" }");
    }
}
