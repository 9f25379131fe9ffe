namespace GitOpsAgent.Core.Reports;

/// <summary>The per-app status labels of the health report, and their order of precedence.</summary>
public static class StatusLabels
{
    public const string AppUpdateFailed = "❌ app update failed";
    public const string ConfigUpdateFailed = "❌ config update failed";
    public const string CommandFailed = "❌ post-command exited non-zero";
    public const string Healthy = "✅ healthy";
    public const string Unknown = "❓ unknown status (malformed entry)";

    public static string For(bool appUpdateFailed, bool configUpdateFailed, bool commandFailed) =>
        appUpdateFailed ? AppUpdateFailed
        : configUpdateFailed ? ConfigUpdateFailed
        : commandFailed ? CommandFailed
        : Healthy;

    public static bool IsHealthy(string? label) => string.Equals(label, Healthy, StringComparison.Ordinal);
}
