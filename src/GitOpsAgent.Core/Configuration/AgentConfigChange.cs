namespace GitOpsAgent.Core.Configuration;

/// <summary>Changes to make to the agent config; what is left null or empty stays as it is.</summary>
public sealed record AgentConfigChange
{
    /// <summary>Keys of <see cref="Schema.AgentConfigSchema"/> to set: TOML key → string, long or bool.</summary>
    public IReadOnlyDictionary<string, object> Values { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Apps to add or change: name → <c>url@branch</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SetApplications { get; init; } = [];

    /// <summary>Apps to drop from [applications]; a name that is not there is already as asked.</summary>
    public IReadOnlyList<string> RemoveApplications { get; init; } = [];

    public bool IsEmpty => Values.Count == 0 && SetApplications.Count == 0 && RemoveApplications.Count == 0;

    /// <summary>This change, also setting <paramref name="key"/> (a TOML key of the agent config) to <paramref name="value"/>.</summary>
    public AgentConfigChange With(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var values = new Dictionary<string, object>(Values, StringComparer.Ordinal) { [key] = value is int number ? (long)number : value };
        return this with { Values = values };
    }

    /// <summary>Splits <c>name=url@branch</c> (the form -Application takes) at its first '='.</summary>
    public static KeyValuePair<string, string> ParseApplication(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? assignment[..equals].Trim() : string.Empty;
        var source = equals > 0 ? assignment[(equals + 1)..].Trim().Trim('"') : string.Empty;
        if (name.Length == 0 || source.Length == 0)
        {
            throw new FormatException($"\"{assignment}\" is not an application. Write it as name=url@branch, for example web=git@github.com:org/deploy-config.git@main.");
        }

        return new KeyValuePair<string, string>(name, source);
    }
}
