namespace GitOpsAgent.Core.AirGap;

/// <summary>The reports a device queued for one config repo's monitoring branch while it had no link.</summary>
public sealed record QueuedReports
{
    public required string ConfigUrl { get; init; }

    public required string Branch { get; init; }

    /// <summary>The ref in the reports bundle that holds the queued commits.</summary>
    public required string Ref { get; init; }

    /// <summary>The newest queued commit.</summary>
    public required string Tip { get; init; }

    /// <summary>The last commit the device knows the remote had (the queue starts after it), or null for its whole branch.</summary>
    public string? Base { get; init; }

    public int Reports { get; init; }
}
