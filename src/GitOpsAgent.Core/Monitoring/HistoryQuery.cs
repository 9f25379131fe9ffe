namespace GitOpsAgent.Core.Monitoring;

/// <summary>Which changes to read: every filter left null matches everything.</summary>
public sealed record HistoryQuery
{
    public string? Device { get; init; }

    public string? App { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }
}
