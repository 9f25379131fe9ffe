using System.Diagnostics.CodeAnalysis;

namespace GitOpsAgent.Toml;

/// <summary>Typed accessors: the errors they raise name the key path, the expected type and what was found.</summary>
public sealed partial class TomlTable
{
    public string GetString(string key) => Require<string>(key, TomlTypeNames.StringValue);

    public long GetInteger(string key) => Require<long>(key, TomlTypeNames.IntegerValue);

    public bool GetBoolean(string key) => Require<bool>(key, TomlTypeNames.BooleanValue);

    /// <summary>Reads a float; an integer is accepted too, since operators write <c>interval = 60</c> for 60.0.</summary>
    public double GetFloat(string key) => ToFloat(key, GetRequired(key));

    public DateTimeOffset GetOffsetDateTime(string key) => Require<DateTimeOffset>(key, TomlTypeNames.OffsetDateTimeValue);

    public TomlLocalDateTime GetLocalDateTime(string key) => Require<TomlLocalDateTime>(key, TomlTypeNames.LocalDateTimeValue);

    public TomlLocalDate GetLocalDate(string key) => Require<TomlLocalDate>(key, TomlTypeNames.LocalDateValue);

    public TomlLocalTime GetLocalTime(string key) => Require<TomlLocalTime>(key, TomlTypeNames.LocalTimeValue);

    public TomlTable GetTable(string key) => Require<TomlTable>(key, TomlTypeNames.TableValue);

    public TomlArray GetArray(string key) => Require<TomlArray>(key, TomlTypeNames.ArrayValue);

    public bool TryGetString(string key, [NotNullWhen(true)] out string? value) => TryGet(key, TomlTypeNames.StringValue, out value);

    public bool TryGetInteger(string key, out long value) => TryGetStruct(key, TomlTypeNames.IntegerValue, out value);

    public bool TryGetBoolean(string key, out bool value) => TryGetStruct(key, TomlTypeNames.BooleanValue, out value);

    public bool TryGetOffsetDateTime(string key, out DateTimeOffset value) => TryGetStruct(key, TomlTypeNames.OffsetDateTimeValue, out value);

    public bool TryGetFloat(string key, out double value)
    {
        if (!TryGetValue(key, out var raw))
        {
            value = 0;
            return false;
        }

        value = ToFloat(key, raw);
        return true;
    }

    public bool TryGetTable(string key, [NotNullWhen(true)] out TomlTable? value) => TryGet(key, TomlTypeNames.TableValue, out value);

    public bool TryGetArray(string key, [NotNullWhen(true)] out TomlArray? value) => TryGet(key, TomlTypeNames.ArrayValue, out value);

    /// <summary>The type error for a key of this table, for callers validating values beyond their TOML type.</summary>
    public TomlTypeException TypeError(string key, string expected) =>
        new(TomlKeyFormatter.Child(KeyPath, key), expected, TryGetValue(key, out var found) ? found : null!, SourceName, GetKeyPosition(key) ?? Position);

    private object GetRequired(string key) =>
        TryGetValue(key, out var value) ? value : throw new TomlMissingKeyException(KeyPath, key, SourceName, Position);

    private T Require<T>(string key, string expected) =>
        GetRequired(key) is T typed ? typed : throw TypeError(key, expected);

    private bool TryGet<T>(string key, string expected, [NotNullWhen(true)] out T? value)
        where T : class
    {
        if (!TryGetValue(key, out var raw))
        {
            value = null;
            return false;
        }

        value = raw as T ?? throw TypeError(key, expected);
        return true;
    }

    private bool TryGetStruct<T>(string key, string expected, out T value)
        where T : struct
    {
        if (!TryGetValue(key, out var raw))
        {
            value = default;
            return false;
        }

        value = raw is T typed ? typed : throw TypeError(key, expected);
        return true;
    }

    private double ToFloat(string key, object raw) => raw switch
    {
        double d => d,
        long l => l,
        _ => throw TypeError(key, TomlTypeNames.FloatValue),
    };
}
