namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// An app that is observed but not changed: suspended on this device (Suspend-GitOpsApp, gitops-agent suspend), or
/// in git for the whole fleet (<c>suspended = true</c>).
/// </summary>
public sealed record AppSuspension
{
    public const string ByDevice = "device";
    public const string ByGit = "git";

    public required string Name { get; init; }

    public required string Reason { get; init; }

    /// <summary>When the suspension ends by itself; null: until resumed.</summary>
    public DateTimeOffset? Until { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>"device" (suspended here) or "git" (suspended = true in infra_meta.toml).</summary>
    public string By { get; init; } = ByDevice;

    public bool ExpiredAt(DateTimeOffset now) => Until is { } until && until <= now;
}
