namespace GitOpsAgent.Core.Git;

/// <summary>Timeouts and identity for every git call the agent makes.</summary>
public sealed record GitOptions
{
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan LocalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Seconds ssh waits for a connection before giving up.</summary>
    public int SshConnectTimeoutSeconds { get; init; } = 30;

    public string GitExecutable { get; init; } = "git";
}
