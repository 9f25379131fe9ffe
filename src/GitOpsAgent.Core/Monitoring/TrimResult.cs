namespace GitOpsAgent.Core.Monitoring;

/// <summary>A rewritten history: its new tip, the tip it was computed from, and how many commits became the base.</summary>
internal sealed record TrimResult(string NewTip, string OldTip, int SquashedCommits, int KeptCommits);
