namespace GitOpsAgent.Core.AirGap;

/// <summary>One app of a config bundle: its repo, the commit the device must run, and whether the bundle carries it.</summary>
public sealed record BundledApp
{
    public required string Name { get; init; }

    public required string CodeUrl { get; init; }

    /// <summary>The full id of the pinned commit.</summary>
    public required string Commit { get; init; }

    /// <summary>False when the device already runs this commit (by its last report), so the bundle does not carry it.</summary>
    public bool Included { get; init; }

    /// <summary>The commit the bundle was made against (the device has it), or null when it carries the whole history.</summary>
    public string? Base { get; init; }
}
