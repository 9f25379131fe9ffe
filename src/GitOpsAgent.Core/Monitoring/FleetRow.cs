namespace GitOpsAgent.Core.Monitoring;

/// <summary>One device and app on a monitoring branch, as the fleet view shows it.</summary>
public sealed record FleetRow
{
    /// <summary>The config repo, as <c>url@branch</c>.</summary>
    public required string Source { get; init; }

    public required string Device { get; init; }

    /// <summary>The app, or empty for a device whose report names no app (or cannot be read at all).</summary>
    public required string App { get; init; }

    public required string Status { get; init; }

    public bool Healthy => Reports.StatusLabels.IsHealthy(Status);

    /// <summary>True when the app failed (❌, ⏪, ❓); a suspended, manual or removed app (⏸, 🔶, 🗑) does not.</summary>
    public bool NeedsAttention => Reports.StatusLabels.NeedsAttention(Status);

    /// <summary>The commit the app runs (actual, else desired), when the report says.</summary>
    public string? Commit { get; init; }

    public DateTimeOffset? LastUpdated { get; init; }

    /// <summary>The interval the device reported for itself, when it did.</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>True when the device's last update is older than three of its intervals.</summary>
    public bool Stale { get; init; }

    /// <summary>The device's overall_status line.</summary>
    public string? OverallStatus { get; init; }

    /// <summary>Why the row could not be read fully, when it could not.</summary>
    public string? Error { get; init; }
}
