using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.AirGap;

/// <summary>What importing a config bundle did: which repo it stood for, what it held, and the pass run from it.</summary>
public sealed record BundleImportResult
{
    public required string Path { get; init; }

    public required string Device { get; init; }

    /// <summary>The device's config repo (<c>url@branch</c> as in its agent config) the bundle was taken for.</summary>
    public required string ConfigRepo { get; init; }

    /// <summary>The config repo the bundle was made from, as the connected machine named it.</summary>
    public required string BundledFrom { get; init; }

    public required string ConfigCommit { get; init; }

    public bool Full { get; init; }

    public DateTimeOffset Created { get; init; }

    public IReadOnlyList<BundledApp> Apps { get; init; } = [];

    /// <summary>The pass run from the bundle; null after -WhatIf.</summary>
    public PassReport? Pass { get; init; }

    public IReadOnlyList<PublishResult> Published { get; init; } = [];

    /// <summary>The pass's overall status, or what would be done.</summary>
    public required string Status { get; init; }

    /// <summary>True when some app needs attention after the pass.</summary>
    public bool NeedsAttention => Pass?.NeedsAttention ?? false;
}
