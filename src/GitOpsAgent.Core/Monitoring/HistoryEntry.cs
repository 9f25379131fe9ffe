namespace GitOpsAgent.Core.Monitoring;

/// <summary>One change of an app's status or commit on a device, as the monitoring branch's history records it.</summary>
public sealed record HistoryEntry
{
    public required string Device { get; init; }

    public required string App { get; init; }

    /// <summary>When the report with this change was written (its last-updated; the commit time if it has none).</summary>
    public required DateTimeOffset Time { get; init; }

    public required string Status { get; init; }

    public string? Commit { get; init; }

    /// <summary>The status before this change; null when the app first appears in the history that is left.</summary>
    public string? PreviousStatus { get; init; }

    public string? PreviousCommit { get; init; }

    public string? Error { get; init; }

    /// <summary>The config repo (url@branch, credentials masked) whose monitoring branch holds it.</summary>
    public required string Source { get; init; }

    /// <summary>The monitoring branch commit that recorded the change.</summary>
    public required string MonitoringCommit { get; init; }
}
