namespace GitOpsAgent.Bench;

/// <summary>One line of the bytes table: what the agent moved for an operation, and what plain git moves for the same job.</summary>
public sealed record ByteRow(string Scenario, string Agent, WireCount AgentBytes, string Plain, WireCount? PlainBytes);
