namespace GitOpsAgent.Toml;

/// <summary>Names TOML value types the way error messages speak of them ("a string", "an integer").</summary>
public static class TomlTypeNames
{
    public const string StringValue = "a string";
    public const string IntegerValue = "an integer";
    public const string FloatValue = "a float";
    public const string BooleanValue = "a boolean";
    public const string OffsetDateTimeValue = "an offset date-time";
    public const string LocalDateTimeValue = "a local date-time";
    public const string LocalDateValue = "a local date";
    public const string LocalTimeValue = "a local time";
    public const string ArrayValue = "an array";
    public const string TableValue = "a table";

    /// <summary>Describes a model value; anything outside the TOML model is named by its CLR type.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "nothing",
        string => StringValue,
        long or int or short or sbyte or byte or ushort or uint => IntegerValue,
        double or float => FloatValue,
        bool => BooleanValue,
        DateTimeOffset => OffsetDateTimeValue,
        TomlLocalDateTime => LocalDateTimeValue,
        TomlLocalDate => LocalDateValue,
        TomlLocalTime => LocalTimeValue,
        TomlArray => ArrayValue,
        TomlTable => TableValue,
        _ => "a " + value.GetType().Name,
    };
}
