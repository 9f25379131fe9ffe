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

    public string LockFile => Path.Combine(Home, "agent.lock");

    public string LockOwnerFile => Path.Combine(Home, "agent.lock.owner");

    public string ConfigClone(ConfigRepoSource source) => Path.Combine(AppConfigs, (source ?? throw new ArgumentNullException(nameof(source))).CloneDirectoryName);

    public string MonitoringClone(ConfigRepoSource source) => Path.Combine(AppConfigs, (source ?? throw new ArgumentNullException(nameof(source))).MonitoringDirectoryName);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
