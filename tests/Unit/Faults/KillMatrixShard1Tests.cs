namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>The first half of the kill matrix's cells (every other state, from the first).</summary>
public sealed class KillMatrixShard1Tests() : KillMatrixTests(0);
