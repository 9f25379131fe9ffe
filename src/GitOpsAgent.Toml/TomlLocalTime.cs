namespace GitOpsAgent.Toml;

/// <summary>A TOML local time of day, e.g. <c>07:32:00.999</c>.</summary>
public readonly record struct TomlLocalTime(TimeOnly Value)
{
    /// <summary>The value as TOML writes it.</summary>
    public override string ToString() => TomlDateFormat.Format(Value);
}
