namespace GitOpsAgent.Core.Configuration;

/// <summary>An app the agent manages, and the config repo that declares it (from the agent config's [applications]).</summary>
public sealed record AgentApplication(string Name, ConfigRepoSource Source);
