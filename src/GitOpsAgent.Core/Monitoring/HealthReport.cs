namespace GitOpsAgent.Core.Monitoring;

/// <summary>A device's report for one config repo: the file text and the health it mirrors.</summary>
public sealed record HealthReport(string Text, string OverallStatus, string CommitMessage, IReadOnlyList<string> UnhealthyApps);
