namespace GitOpsAgent.Bench;

/// <summary>What the loop said about its memory after one pass's full collection.</summary>
public sealed record SoakSample(int Pass, double HeapMiB, double ResidentMiB);
