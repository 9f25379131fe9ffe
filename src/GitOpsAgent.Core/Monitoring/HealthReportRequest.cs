using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>Everything one device's report for one config repo is made from.</summary>
public sealed record HealthReportRequest
{
    public required string Device { get; init; }

    /// <summary>Seconds between the device's passes, written so other devices can tell when this one went quiet.</summary>
    public int IntervalSeconds { get; init; }

    /// <summary>When set, the device republishes an unchanged report this often, so others can tell it is alive.</summary>
    public int HeartbeatSeconds { get; init; }

    public required DateTimeOffset LastUpdated { get; init; }

    /// <summary>The apps the agent config assigns to this config repo, in config order: exactly the report's entries.</summary>
    public required IReadOnlyList<string> ManagedApps { get; init; }

    /// <summary>This pass's outcomes for (some of) the managed apps; others keep their previous entry.</summary>
    public IReadOnlyList<AppOutcome> Outcomes { get; init; } = [];

    /// <summary>The report as last written by this device, or null.</summary>
    public string? ExistingText { get; init; }
}
