namespace GitOpsAgent.Core.Reports;

/// <summary>One deployment-config repo as this pass found it.</summary>
public sealed record ConfigRepoState
{
    public required string Url { get; init; }

    public required string Branch { get; init; }

    /// <summary>The clone folder under the agent home's app-configs.</summary>
    public required string ClonePath { get; init; }

    public string? Commit { get; init; }

    public bool Reachable { get; init; }

    /// <summary>True when the pass fetched (the branch had moved or the clone was new).</summary>
    public bool Fetched { get; init; }

    public string? Error { get; init; }

    /// <summary>The status label when commit verification refused the remote's commit (Error says why); nothing of it was used.</summary>
    public string? UntrustedLabel { get; init; }

    public bool Untrusted => UntrustedLabel is not null;

    /// <summary>Set when the branch was force-pushed: the commit the device had is not in its new history.</summary>
    public string? HistoryRewritten { get; init; }

    public string Source => $"{Url}@{Branch}";
}
