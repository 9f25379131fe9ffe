namespace GitOpsAgent.Core.Configuration;

/// <summary>One app's desired state, from its section of <c>&lt;infra_name&gt;/infra_meta.toml</c>, validated.</summary>
public sealed record DesiredApp
{
    public required string Name { get; init; }

    public required string CodeUrl { get; init; }

    /// <summary>The commit id as written (7–40 hex digits); resolved to a full id against the app repo.</summary>
    public required string CodeCommitHash { get; init; }

    public required string CodeLocalPath { get; init; }

    public IReadOnlyList<ConfigFileMapping> ConfigFiles { get; init; } = [];

    public string? PreUpdationCommand { get; init; }

    public string? PostUpdationCommand { get; init; }

    /// <summary>The user the app's commands run as and its checkout belongs to (<c>run_as</c>); null: root.</summary>
    public string? RunAs { get; init; }

    /// <summary>The infra_meta.toml this came from, and the line of its section, for messages.</summary>
    public string? SourceFile { get; init; }

    public int? SourceLine { get; init; }
}
