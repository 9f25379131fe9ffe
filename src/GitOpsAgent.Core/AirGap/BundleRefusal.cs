namespace GitOpsAgent.Core.AirGap;

/// <summary>Why a bundle was refused, so the cmdlet can give each case its own error id and category.</summary>
public enum BundleRefusal
{
    /// <summary>Any other reason: the message says which.</summary>
    Unusable,

    NotFound,

    /// <summary>Truncated, altered, or no git bundle at all.</summary>
    Damaged,

    /// <summary>Made for another infra_name.</summary>
    OtherDevice,

    /// <summary>None of the device's config repos, or another branch.</summary>
    OtherRepo,

    /// <summary>It needs commits the device does not have.</summary>
    MissingCommits,

    /// <summary>A commit not signed by an allowed key, with commit verification on.</summary>
    Untrusted,
}
