namespace GitOpsAgent.Core.Monitoring;

/// <summary>What publishing the health report did for one config repo.</summary>
public sealed record PublishResult
{
    /// <summary>The config repo, as <c>url@branch</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The monitoring branch written (<c>&lt;branch&gt;-monitoring</c>).</summary>
    public required string Branch { get; init; }

    /// <summary>True when this call made a commit (locally, even if it could not be pushed yet).</summary>
    public bool Committed { get; init; }

    /// <summary>True when the remote branch now holds this device's latest report because of this call.</summary>
    public bool Pushed { get; init; }

    /// <summary>True when the report is kept in the monitoring clone and waits for a pass that reaches the remote.</summary>
    public bool PendingOffline { get; init; }

    /// <summary>Pushes that were rejected because another device pushed first, and were redone on the new tip.</summary>
    public int PushRetries { get; init; }

    /// <summary>True when history older than the retention window was squashed in this call.</summary>
    public bool Trimmed { get; init; }

    /// <summary>What went wrong and how to fix it, or null.</summary>
    public string? Error { get; init; }

    /// <summary>One sentence for the operator.</summary>
    public required string Message { get; init; }
}
