namespace GitOpsAgent.Toml;

/// <summary>A TOML local date-time: a date and time of day without offset, e.g. <c>1979-05-27T07:32:00</c>.</summary>
public readonly record struct TomlLocalDateTime(DateTime Value)
{
    /// <summary>The value as TOML writes it.</summary>
    public override string ToString() => TomlDateFormat.Format(Value);
}
