namespace GitOpsAgent.Core.Monitoring;

/// <summary>What fetching the monitoring branch found: its tip, that it does not exist yet, or no remote at all.</summary>
internal sealed record FetchOutcome(string? Tip, bool Reachable, string? Error)
{
    public static FetchOutcome Missing { get; } = new(null, true, null);

    public static FetchOutcome Unreachable(string error) => new(null, false, error);

    public static FetchOutcome At(string tip) => new(tip, true, null);
}
