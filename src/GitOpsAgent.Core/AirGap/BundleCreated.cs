namespace GitOpsAgent.Core.AirGap;

/// <summary>What `gitops-agent bundle` wrote: the file, its size, and what it holds for the device.</summary>
public sealed record BundleCreated
{
    public required string Path { get; init; }

    public long Bytes { get; init; }

    public required ConfigBundleManifest Manifest { get; init; }

    /// <summary>Commits the device must already have for the bundle to unpack (empty for a full bundle).</summary>
    public IReadOnlyList<string> Prerequisites { get; init; } = [];

    /// <summary>When the bundle is incremental: the report it was made against, or why it is full anyway.</summary>
    public string BaseNote { get; init; } = string.Empty;

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
