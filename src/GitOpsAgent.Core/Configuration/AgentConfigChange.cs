namespace GitOpsAgent.Core.Configuration;

/// <summary>Changes to make to the agent config; what is left null or empty stays as it is.</summary>
public sealed record AgentConfigChange
{
    public string? InfraName { get; init; }

    public int? IntervalSeconds { get; init; }

    /// <summary>Apps to add or change: name → <c>url@branch</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SetApplications { get; init; } = [];

    /// <summary>Apps to drop from [applications]; a name that is not there is already as asked.</summary>
    public IReadOnlyList<string> RemoveApplications { get; init; } = [];

    public bool IsEmpty => InfraName is null && IntervalSeconds is null && SetApplications.Count == 0 && RemoveApplications.Count == 0;

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
