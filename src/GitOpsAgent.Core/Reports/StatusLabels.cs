namespace GitOpsAgent.Core.Reports;

/// <summary>The per-app status labels of the health report, and their order of precedence.</summary>
public static class StatusLabels
{
    /// <summary>The start of the label for a commit that commit verification refused.</summary>
    public const string UntrustedPrefix = "❌ untrusted commit";

    public const string AppUpdateFailed = "❌ app update failed";
    public const string ConfigUpdateFailed = "❌ config update failed";
    public const string CommandFailed = "❌ post-command exited non-zero";
    public const string Healthy = "✅ healthy";
    public const string Unknown = "❓ unknown status (malformed entry)";

    /// <summary>A dry run's label for an app whose plan has actions: nothing was done, so health is not known.</summary>
    public const string WouldChangePrefix = "🔶 would change: ";

    public static string WouldChange(IEnumerable<string> steps) => WouldChangePrefix + string.Join(", ", steps);

    /// <summary>"❌ untrusted commit 1a2b3c4d5e6f: it is not signed".</summary>
    public static string Untrusted(string commit, string reason) => $"{UntrustedPrefix} {commit}: {reason}";

    public static string For(bool appUpdateFailed, bool configUpdateFailed, bool commandFailed) =>
        appUpdateFailed ? AppUpdateFailed
        : configUpdateFailed ? ConfigUpdateFailed
        : commandFailed ? CommandFailed
        : Healthy;

    public static bool IsHealthy(string? label) => string.Equals(label, Healthy, StringComparison.Ordinal);

    /// <summary>
    /// ❌ and ❓ labels need an operator; 🔶 (a dry run's "would change") is not healthy, since nothing was
    /// established, but is no failure either.
    /// </summary>
    public static bool NeedsAttention(string? label) => !IsHealthy(label) && !(label ?? string.Empty).StartsWith("🔶", StringComparison.Ordinal);
}
