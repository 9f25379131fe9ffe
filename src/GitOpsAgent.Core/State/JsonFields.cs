using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GitOpsAgent.Core.State;

/// <summary>
/// Reading and writing the fields of the files under the agent home (the saved pass, app records, suspensions) with
/// System.Text.Json's document and writer, which are compiled ahead of time with the framework. The serializer would
/// build its metadata for every type of a report at run time, generic code over value types that no ReadyToRun image
/// holds: about 500 methods JIT-compiled in every process that saves or reads a pass (bench/RESULTS.md, issue 19).
/// The files read as the serializer read them: missing fields take the record's defaults, unknown ones are ignored,
/// enums are names (any case) or numbers.
/// </summary>
internal static class JsonFields
{
    /// <summary>As the serializer wrote them: indented by two spaces, emoji and accents left readable.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses a whole file; anything malformed, of the wrong kind or out of range is a <see cref="JsonException"/>.</summary>
    public static T Read<T>(string text, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return read(AsObject(document.RootElement, "the file"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public static void WriteDate(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            json.WriteString(name, date);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteInt(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>A nested object, or null when the field is missing or null.</summary>
    public static JsonElement? OptionalObject(JsonElement parent, string name) =>
        Field(parent, name) is { } value ? AsObject(value, name) : null;

    public static JsonElement RequiredObject(JsonElement parent, string name) =>
        OptionalObject(parent, name) ?? throw Missing(name);

    public static string? OptionalString(JsonElement parent, string name) => Field(parent, name) is { } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongKind(name, "a string", value)
        : null;

    public static string StringOr(JsonElement parent, string name, string missing) => OptionalString(parent, name) ?? missing;

    public static string RequiredString(JsonElement parent, string name) => OptionalString(parent, name) ?? throw Missing(name);

    public static bool Bool(JsonElement parent, string name, bool missing = false) => Field(parent, name) is { } value
        ? value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw WrongKind(name, "true or false", value)
        : missing;

    public static int? OptionalInt(JsonElement parent, string name) => Field(parent, name) is { } value
        ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw WrongKind(name, "a whole number", value)
        : null;

    public static int Int(JsonElement parent, string name, int missing = 0) => OptionalInt(parent, name) ?? missing;

    public static double Real(JsonElement parent, string name) => Field(parent, name) is { } value
        ? value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw WrongKind(name, "a number", value)
        : 0;

    public static DateTimeOffset? OptionalDate(JsonElement parent, string name) => Field(parent, name) is { } value
        ? value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var date) ? date : throw WrongKind(name, "a date and time", value)
        : null;

    public static DateTimeOffset Date(JsonElement parent, string name) => OptionalDate(parent, name) ?? default;

    public static TEnum EnumOr<TEnum>(JsonElement parent, string name, TEnum missing)
        where TEnum : struct, Enum =>
        Field(parent, name) is { } value ? EnumValue<TEnum>(value, name) : missing;

    public static List<TEnum> EnumList<TEnum>(JsonElement parent, string name)
        where TEnum : struct, Enum =>
        ListOf(parent, name, element => EnumValue<TEnum>(element, name));

    public static List<string> StringList(JsonElement parent, string name) =>
        ListOf(parent, name, element => element.ValueKind == JsonValueKind.String ? element.GetString()! : throw WrongKind(name, "a list of strings", element));

    public static List<T> ListOf<T>(JsonElement parent, string name, Func<JsonElement, T> read)
    {
        var list = new List<T>();
        if (Field(parent, name) is not { } value)
        {
            return list;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongKind(name, "a list", value);
        }

        foreach (var element in value.EnumerateArray())
        {
            list.Add(read(element));
        }

        return list;
    }

    public static Dictionary<string, string> StringMap(JsonElement parent, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (OptionalObject(parent, name) is not { } value)
        {
            return map;
        }

        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw WrongKind($"{name}.{property.Name}", "a string", property.Value);
        }

        return map;
    }

    public static JsonElement AsObject(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object ? value : throw WrongKind(name, "an object", value);

    /// <summary>The field's value; null when it is missing or null, as the serializer left such a field at its default.</summary>
    private static JsonElement? Field(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static TEnum EnumValue<TEnum>(JsonElement value, string name)
        where TEnum : struct, Enum
    {
        // Enum.TryParse(Type, …) rather than TryParse<TEnum>: the generic one is JIT-compiled for each enum at run time.
        if (value.ValueKind == JsonValueKind.String && System.Enum.TryParse(typeof(TEnum), value.GetString(), ignoreCase: true, out var named)
            && !int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return (TEnum)named!;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return (TEnum)System.Enum.ToObject(typeof(TEnum), number);
        }

        throw WrongKind(name, $"one of {string.Join(", ", System.Enum.GetNames<TEnum>())}", value);
    }

    private static JsonException Missing(string name) => new($"'{name}' is missing");

    private static JsonException WrongKind(string name, string expected, JsonElement value) =>
        new($"'{name}' should be {expected}, not {(value.ValueKind == JsonValueKind.String ? $"\"{value.GetString()}\"" : value.GetRawText())}");
}
