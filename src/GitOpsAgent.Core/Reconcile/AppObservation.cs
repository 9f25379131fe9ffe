using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>What is on the device for one app, next to what is desired, and the drift between them.</summary>
public sealed record AppObservation
{
    public required DesiredApp Desired { get; init; }

    public required string ConfigClonePath { get; init; }

    public bool Cloned { get; init; }

    public string? OriginUrl { get; init; }

    public string? HeadCommit { get; init; }

    /// <summary>The pinned commit resolved to a full id; null when the repo does not have it (yet).</summary>
    public string? ResolvedCommit { get; init; }

    /// <summary>Modified tracked files (short git status lines).</summary>
    public IReadOnlyList<string> LocalChanges { get; init; } = [];

    /// <summary>Config files whose destination must be (re)written.</summary>
    public IReadOnlyList<ConfigFileMapping> ConfigFilesToCopy { get; init; } = [];

    public IReadOnlyList<DriftReason> Drift { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Set when the app cannot be reconciled at all (non-git data, another repo at the path, ambiguous commit).</summary>
    public string? BlockingError { get; init; }

    /// <summary>True when <see cref="BlockingError"/> is about the app repo (vs. its config).</summary>
    public bool BlockingErrorIsConfig { get; init; }

    public bool HasDrift => Drift.Count > 0;

    /// <summary>git cannot use the clone (corrupt or missing objects, HEAD nowhere): it is moved aside and cloned afresh.</summary>
    public bool Broken { get; init; }

    /// <summary>The folder holds files but no git repository (a deleted .git, or data that is not the agent's).</summary>
    public bool NotAGitCheckout { get; init; }
}
