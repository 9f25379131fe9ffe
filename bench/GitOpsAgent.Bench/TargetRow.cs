namespace GitOpsAgent.Bench;

/// <summary>One of issue 16's targets: what was measured, the limit it is held to, and whether it is met.</summary>
public sealed record TargetRow(string Target, string Measured, string Limit, bool Met);
