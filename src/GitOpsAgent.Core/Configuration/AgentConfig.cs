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

    public IReadOnlyList<AgentApplication> Applications { get; init; } = [];

    /// <summary>Things in the file that were not used (unknown keys): shown, never silently dropped.</summary>
    public IReadOnlyList<ConfigFinding> Warnings { get; init; } = [];

    /// <summary>The file this config was read from, for messages.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The distinct config repos, in the order the apps name them.</summary>
    public IReadOnlyList<ConfigRepoSource> ConfigRepos => Applications.Select(app => app.Source).Distinct().ToList();
}
