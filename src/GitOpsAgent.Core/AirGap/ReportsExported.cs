namespace GitOpsAgent.Core.AirGap;

/// <summary>What `gitops-agent export-reports` wrote, or that there was nothing queued (then no file is written).</summary>
public sealed record ReportsExported
{
    /// <summary>The file written, or null when nothing was queued.</summary>
    public string? Path { get; init; }

    public long Bytes { get; init; }

    public required string Device { get; init; }

    public IReadOnlyList<QueuedReports> Queues { get; init; } = [];

    public int Reports => Queues.Sum(queue => queue.Reports);

    public required string Message { get; init; }
}
