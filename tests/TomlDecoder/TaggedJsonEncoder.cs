using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOpsAgent.Toml;

namespace GitOpsAgent.TomlDecoder;

/// <summary>Encodes a TOML model as toml-test's tagged JSON: every leaf is <c>{"type": T, "value": S}</c>.</summary>
public static class TaggedJsonEncoder
{
    public static string Encode(TomlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, MaxDepth = 4096 }))
        {
            WriteTable(writer, table);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteTable(Utf8JsonWriter writer, TomlTable table)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in table)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case TomlTable table:
                WriteTable(writer, table);
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case string s:
                WriteLeaf(writer, "string", s);
                break;
            case long l:
                WriteLeaf(writer, "integer", l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                WriteLeaf(writer, "float", FormatFloat(d));
                break;
            case bool b:
                WriteLeaf(writer, "bool", b ? "true" : "false");
                break;
            case DateTimeOffset dto:
                WriteLeaf(writer, "datetime", FormatOffsetDateTime(dto));
                break;
            case TomlLocalDateTime ldt:
                WriteLeaf(writer, "datetime-local", ldt.ToString());
                break;
            case TomlLocalDate ld:
                WriteLeaf(writer, "date-local", ld.ToString());
                break;
            case TomlLocalTime lt:
                WriteLeaf(writer, "time-local", lt.ToString());
                break;
            default:
                throw new InvalidOperationException($"not a TOML value: {value.GetType()}");
        }
    }

    private static void WriteLeaf(Utf8JsonWriter writer, string type, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    private static string FormatFloat(double d) => d switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(d) => "nan",
        _ => d.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string FormatOffsetDateTime(DateTimeOffset value)
    {
        var local = new TomlLocalDateTime(value.DateTime).ToString();
        if (value.Offset == TimeSpan.Zero)
        {
            return local + "Z";
        }

        var offset = value.Offset.Duration();
        return local + (value.Offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }
}
