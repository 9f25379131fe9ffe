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

    /// <summary>Runs after the post command and at every pass while the app is in sync; non-zero means unhealthy.</summary>
    public string? HealthCheckCommand { get; init; }

    /// <summary>How many failed checks in a row make the app unhealthy (like Docker's HEALTHCHECK --retries).</summary>
    public int HealthCheckRetries { get; init; } = DefaultHealthCheckRetries;

    /// <summary>Seconds between two tries of the health check.</summary>
    public int HealthCheckInterval { get; init; } = DefaultHealthCheckInterval;

    public FailurePolicy OnFailure { get; init; } = FailurePolicy.Rollback;

    /// <summary>Suspended in git for the whole fleet (<c>suspended = true</c>): observed and reported, never changed.</summary>
    public bool Suspended { get; init; }

    public string? SuspendReason { get; init; }

    public SyncMode Sync { get; init; } = SyncMode.Auto;

    public RemovalPolicy OnRemoval { get; init; } = RemovalPolicy.Keep;

    /// <summary>Runs (sh -c) before an app with <c>on_removal = "remove"</c> is taken off the device.</summary>
    public string? RemovalCommand { get; init; }

    public const int DefaultHealthCheckRetries = 3;

    public const int DefaultHealthCheckInterval = 5;

    /// <summary>The infra_meta.toml this came from, and the line of its section, for messages.</summary>
    public string? SourceFile { get; init; }

    public int? SourceLine { get; init; }
}
