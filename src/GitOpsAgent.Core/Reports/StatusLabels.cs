namespace GitOpsAgent.Core.Reports;

/// <summary>The per-app status labels of the health report, and their order of precedence.</summary>
public static class StatusLabels
{
    /// <summary>The start of the label for a commit that commit verification refused.</summary>
    public const string UntrustedPrefix = "❌ untrusted commit";

    public const string AppUpdateFailed = "❌ app update failed";
    public const string ConfigUpdateFailed = "❌ config update failed";
    public const string CommandFailed = "❌ post-command exited non-zero";
    public const string HealthCheckFailed = "❌ health check failed";
    public const string RemovalFailed = "❌ removal failed";
    public const string Healthy = "✅ healthy";
    public const string Unknown = "❓ unknown status (malformed entry)";

    /// <summary>A dry run's label for an app whose plan has actions: nothing was done, so health is not known.</summary>
    public const string WouldChangePrefix = "🔶 would change: ";

    /// <summary>sync = "manual" and the device differs from git: applied only by gitops-agent sync.</summary>
    public const string OutOfSyncManual = "🔶 out of sync (manual)";

    /// <summary>The start of "⏪ rolled back to 1a2b3c4d5e6f: health check failed".</summary>
    public const string RolledBackPrefix = "⏪ rolled back to ";

    /// <summary>The start of "⏸ suspended: disk swap".</summary>
    public const string SuspendedPrefix = "⏸ suspended: ";

    /// <summary>The app left the desired state (infra_meta.toml or the agent config).</summary>
    public const string Removed = "🗑 removed";

    public static string WouldChange(IEnumerable<string> steps) => WouldChangePrefix + string.Join(", ", steps);

    /// <summary>"❌ untrusted commit 1a2b3c4d5e6f: it is not signed".</summary>
    public static string Untrusted(string commit, string reason) => $"{UntrustedPrefix} {commit}: {reason}";

    public static string RolledBack(string? commit, string what) => $"{RolledBackPrefix}{Reconcile.CommitId.Abbreviate(commit)}: {what}";

    public static string Suspended(string reason) => SuspendedPrefix + reason;

    public static string For(bool appUpdateFailed, bool configUpdateFailed, bool commandFailed) =>
        appUpdateFailed ? AppUpdateFailed
        : configUpdateFailed ? ConfigUpdateFailed
        : commandFailed ? CommandFailed
        : Healthy;

    public static bool IsHealthy(string? label) => string.Equals(label, Healthy, StringComparison.Ordinal);

    /// <summary>
    /// ❌, ⏪ and ❓ labels need an operator. 🔶 (a dry run's "would change", a manual app out of sync), ⏸ (suspended)
    /// and 🗑 (removed) are not healthy, since the agent did not establish the desired state, but were chosen by an
    /// operator: no failure.
    /// </summary>
    public static bool NeedsAttention(string? label) => !IsHealthy(label) && !IsOnPurpose(label);

    /// <summary>True for 🔶, ⏸ and 🗑: states an operator chose, neither healthy nor failed.</summary>
    public static bool IsOnPurpose(string? label)
    {
        var text = label ?? string.Empty;
        return text.StartsWith("🔶", StringComparison.Ordinal) || text.StartsWith('⏸') || text.StartsWith("🗑", StringComparison.Ordinal);
    }

    public static bool IsRolledBack(string? label) => (label ?? string.Empty).StartsWith(RolledBackPrefix, StringComparison.Ordinal);

    public static bool IsSuspended(string? label) => (label ?? string.Empty).StartsWith(SuspendedPrefix, StringComparison.Ordinal);

    /// <summary>The label's leading symbol (its first text element): ✅, ❌, ⏪, ⏸, 🔶, 🗑, ❓.</summary>
    public static string Symbol(string? label) =>
        string.IsNullOrEmpty(label) ? "❓" : System.Globalization.StringInfo.GetNextTextElement(label);
}
