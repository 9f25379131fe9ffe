namespace GitOpsAgent.Core.Operations;

/// <summary>Whether an app is suspended after a suspend or resume, by whom, why and until when, in one sentence too.</summary>
public sealed record SuspensionState
{
    public required string Name { get; init; }

    public bool Suspended { get; init; }

    public string? Reason { get; init; }

    /// <summary>"device" (suspended here) or "git" (suspended = true in infra_meta.toml); null when not suspended.</summary>
    public string? By { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public required string Message { get; init; }
}
