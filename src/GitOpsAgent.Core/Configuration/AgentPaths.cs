namespace GitOpsAgent.Core.Configuration;

/// <summary>Where the agent keeps its clones, state, backups and lock under its home folder.</summary>
public sealed record AgentPaths(string Home)
{
    public const string DefaultHome = "/opt/gitops-agent";
    public const string HomeVariable = "GITOPS_AGENT_HOME";
    public const string ConfigVariable = "GITOPS_AGENT_CONFIG";

    public static AgentPaths FromEnvironment(string? home = null) =>
        new(Path.GetFullPath(home ?? NonEmpty(Environment.GetEnvironmentVariable(HomeVariable)) ?? DefaultHome));

    public static string ConfigPathFromEnvironment(string? path = null) =>
        Path.GetFullPath(path ?? NonEmpty(Environment.GetEnvironmentVariable(ConfigVariable)) ?? AgentConfig.DefaultPath);

    public string AppConfigs => Path.Combine(Home, "app-configs");

    public string State => Path.Combine(Home, "state");

    public string LastPassFile => Path.Combine(State, "last-pass.json");

    public string AppliedStateDirectory => Path.Combine(State, "applied");

    public string Backups => Path.Combine(Home, "backups");

    /// <summary>Per-app memory between passes: last declaration, last healthy state, failed desired state.</summary>
    public string AppRecords => Path.Combine(State, "apps");

    /// <summary>Config file contents of each app's last healthy state, by SHA-256, for rollback.</summary>
    public string LastGoodFiles => Path.Combine(State, "last-good");

    /// <summary>Apps suspended on this device.</summary>
    public string Suspensions => Path.Combine(State, "suspended");

    /// <summary>Checkouts of removed apps (on_removal = "remove"), by app and time.</summary>
    public string Removed => Path.Combine(Home, "removed");

    /// <summary>Where a bundle is unpacked while it is imported; each import's folder is removed when it ends.</summary>
    public string Imports => Path.Combine(Home, "imports");

    public string LockFile => Path.Combine(Home, "agent.lock");

    public string LockOwnerFile => Path.Combine(Home, "agent.lock.owner");

    public string ConfigClone(ConfigRepoSource source) => Path.Combine(AppConfigs, (source ?? throw new ArgumentNullException(nameof(source))).CloneDirectoryName);

    public string MonitoringClone(ConfigRepoSource source) => Path.Combine(AppConfigs, (source ?? throw new ArgumentNullException(nameof(source))).MonitoringDirectoryName);

    /// <summary>
    /// The clone that <c>status --fleet</c> and <c>history</c> read every device's reports from: apart from the publisher's
    /// blob-less, sparse clone, so reading the fleet never makes a pass download other devices' reports.
    /// </summary>
    public string FleetClone(ConfigRepoSource source) => Path.Combine(AppConfigs, (source ?? throw new ArgumentNullException(nameof(source))).MonitoringDirectoryName + "-fleet");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
