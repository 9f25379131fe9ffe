namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>The second half of the kill matrix's cells, run in parallel with the first.</summary>
public sealed class KillMatrixShard2Tests() : KillMatrixTests(1);
