namespace GitOpsAgent.Core.AirGap;

/// <summary>What `gitops-agent import-reports` did on the monitoring branch.</summary>
public sealed record ReportsImported
{
    public required string Path { get; init; }

    public required string Device { get; init; }

    /// <summary>The config repo whose monitoring branch was written, as <c>url@branch</c>.</summary>
    public required string ConfigRepo { get; init; }

    public required string Branch { get; init; }

    /// <summary>Queued report commits the bundle carried.</summary>
    public int Queued { get; init; }

    /// <summary>Reports committed onto the monitoring branch and pushed by this call.</summary>
    public int Published { get; init; }

    /// <summary>Reports left out because the branch already has them or a newer one of the device (an earlier import).</summary>
    public int AlreadyThere { get; init; }

    /// <summary>Pushes redone on a new tip because another device pushed first.</summary>
    public int PushRetries { get; init; }

    public required string Message { get; init; }
}
