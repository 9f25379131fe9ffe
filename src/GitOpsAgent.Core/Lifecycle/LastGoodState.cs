using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// The last state that was healthy on this device: the commit, the declaration it was applied with (commands, config
/// files with their access) and the content of each config file, by SHA-256 in the agent's store, so a rollback
/// restores it byte for byte.
/// </summary>
public sealed record LastGoodState
{
    public required string Commit { get; init; }

    public required DesiredApp App { get; init; }

    /// <summary>Each config file's destination and the SHA-256 of the content that was healthy.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The desired-state fingerprint (<see cref="DesiredStateFingerprint"/>) of that state.</summary>
    public required string Fingerprint { get; init; }

    public DateTimeOffset Since { get; init; }

    /// <summary>The config repo commit that declared this state: its declaration (commands included) is read back from there.</summary>
    public string? ConfigCommit { get; init; }
}
