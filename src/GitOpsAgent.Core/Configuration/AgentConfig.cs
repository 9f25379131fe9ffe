namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// The agent config (<c>/etc/gitops-agent/config.toml</c>), validated. Each property is named after its key in
/// <see cref="Schema.AgentConfigSchema"/> (interval → Interval), so it pipes into Set-GitOpsConfig by name.
/// </summary>
public sealed record AgentConfig
{
    public const string DefaultPath = "/etc/gitops-agent/config.toml";
    public const int DefaultIntervalSeconds = 300;
    public const int DefaultRetentionDays = 30;
    public const int DefaultCommandTimeoutSeconds = 600;
    public const int DefaultHeartbeatHours = 24;

    public required string InfraName { get; init; }

    /// <summary>Seconds between passes: the file's <c>interval</c>.</summary>
    public int Interval { get; init; } = DefaultIntervalSeconds;

    public int MonitoringHistoryRetentionDays { get; init; } = DefaultRetentionDays;

    /// <summary>Seconds a pre/post command may run: the file's <c>command_timeout</c>.</summary>
    public int CommandTimeout { get; init; } = DefaultCommandTimeoutSeconds;

    /// <summary>
    /// An unchanged health report is still re-published after this many hours (0: never), so a quiet, healthy
    /// device is not mistaken for a dead one while idle passes stay free of commits and pushes.
    /// </summary>
    public int MonitoringHeartbeatHours { get; init; } = DefaultHeartbeatHours;

    /// <summary>A command run once per app whose status changed in a pass (alerts); null: none.</summary>
    public string? OnStatusChangeCommand { get; init; }

    /// <summary>Where the Prometheus textfile goes after each pass; null: none is written.</summary>
    public string? MetricsTextfile { get; init; }

    /// <summary>"none", "ssh" or "gpg": whether a config commit must be signed by an allowed key before it is used.</summary>
    public string VerifyCommits { get; init; } = "none";

    /// <summary>The allowed SSH signers file (verify_commits = "ssh").</summary>
    public string? AllowedSigners { get; init; }

    /// <summary>The allowed GPG public keys (verify_commits = "gpg").</summary>
    public string? GpgKeyring { get; init; }

    /// <summary>Also verify the pinned app commits.</summary>
    public bool VerifyAppCommits { get; init; }

    /// <summary>SSH private key for signing monitoring commits; null: unsigned.</summary>
    public string? SigningKey { get; init; }

    public IReadOnlyList<AgentApplication> Applications { get; init; } = [];

    /// <summary>Regular expressions whose matches are masked in every output (the file's <c>redact</c>), checked when loaded.</summary>
    public IReadOnlyList<string> Redact { get; init; } = [];

    /// <summary>Things in the file that were not used (unknown keys): shown, never silently dropped.</summary>
    public IReadOnlyList<ConfigFinding> Warnings { get; init; } = [];

    /// <summary>The file this config was read from, for messages.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The distinct config repos, in the order the apps name them.</summary>
    public IReadOnlyList<ConfigRepoSource> ConfigRepos => Applications.Select(app => app.Source).Distinct().ToList();
}
