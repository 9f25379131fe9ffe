namespace GitOpsAgent.Core.Git;

/// <summary>Timeouts and identity for every git call the agent makes.</summary>
public sealed record GitOptions
{
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan LocalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Seconds ssh waits for a connection before giving up.</summary>
    public int SshConnectTimeoutSeconds { get; init; } = 30;

    public string GitExecutable { get; init; } = "git";

    /// <summary>
    /// Settings passed as <c>-c name=value</c> to every call, before anything else. An import uses it to make the URLs
    /// a bundle covers resolve to local mirrors (<c>url.&lt;mirror&gt;.insteadOf=&lt;url&gt;</c>) without writing any
    /// repo's config, so nothing of the redirection outlives the pass.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraConfig { get; init; } = [];
}
