namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// A desired state that failed on this device: what it was (fingerprint and commit), what failed, how often it was
/// tried, and what the agent did about it. While the desired state in git stays the same, it is not tried again
/// (or, with on_failure = "retry", only after the back-off).
/// </summary>
public sealed record FailedAttempt
{
    public required string Fingerprint { get; init; }

    public required string Commit { get; init; }

    /// <summary>What failed, in a few words: "health check failed", "post command exited with 3".</summary>
    public required string What { get; init; }

    /// <summary>The app's status after the attempt (and its rollback), repeated while the app is held.</summary>
    public required string Status { get; init; }

    public string? Error { get; init; }

    public int Attempts { get; init; } = 1;

    /// <summary>Passes that went by without an attempt since the last one (for on_failure = "retry").</summary>
    public int PassesWaited { get; init; }

    public DateTimeOffset LastAttemptAt { get; init; }

    /// <summary>The commit the app was rolled back to, when it was.</summary>
    public string? RolledBackTo { get; init; }

    /// <summary>Set while a rollback to this commit is under way: a pass killed during it finishes it next time.</summary>
    public string? RollingBackTo { get; init; }
}
