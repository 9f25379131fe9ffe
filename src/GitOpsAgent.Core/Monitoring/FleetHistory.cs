namespace GitOpsAgent.Core.Monitoring;

/// <summary>The changes found, oldest first, and where the history that is left begins (older commits may have been trimmed).</summary>
public sealed record FleetHistory(IReadOnlyList<HistoryEntry> Entries, IReadOnlyList<string> Notes);
