namespace GitOpsAgent.Toml;

/// <summary>A TOML local date, e.g. <c>1979-05-27</c>.</summary>
public readonly record struct TomlLocalDate(DateOnly Value)
{
    /// <summary>The value as TOML writes it.</summary>
    public override string ToString() => TomlDateFormat.Format(Value);
}
