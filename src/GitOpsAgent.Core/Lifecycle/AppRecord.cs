using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// What the device remembers about one app between passes: the last declaration it saw (to act on removal), the last
/// healthy state (to roll back to), the failed desired state (not to retry it) and, once removed, when.
/// </summary>
public sealed record AppRecord
{
    public required string Name { get; init; }

    /// <summary>The config repo (url@branch) that declared the app.</summary>
    public string? ConfigSource { get; init; }

    /// <summary>The last declaration seen in infra_meta.toml, redacted (the full one is read back from <see cref="DeclaredConfigCommit"/>).</summary>
    public DesiredApp? Declared { get; init; }

    /// <summary>The config repo commit of that declaration.</summary>
    public string? DeclaredConfigCommit { get; init; }

    /// <summary>The checkout of the config repo that declared the app.</summary>
    public string? ConfigClonePath { get; init; }

    public LastGoodState? LastGood { get; init; }

    public FailedAttempt? Failure { get; init; }

    /// <summary>Set once the app left the desired state and the removal was carried out (or kept).</summary>
    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary>Where the checkout went on removal, when it moved.</summary>
    public string? RemovedTo { get; init; }

    /// <summary>A removal_command that failed: how often, and passes waited since (tried again with back-off).</summary>
    public int RemovalAttempts { get; init; }

    public int RemovalPassesWaited { get; init; }

    public DateTimeOffset? RemovalLastAttemptAt { get; init; }
}
