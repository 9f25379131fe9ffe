namespace GitOpsAgent.Bench;

/// <summary>
/// The loop's memory after one pass's full collection: what it said (live managed heap, resident set) and, read from
/// /proc while it was frozen, the resident set split into anonymous memory (GC heap, native heaps, stacks), file-backed
/// pages (the runtime's and the assemblies' mapped images) and shared memory (where the JIT build keeps its generated
/// code and loader heaps, mapped twice for W^X), and its thread count.
/// </summary>
public sealed record SoakSample(int Pass, double HeapMiB, double ResidentMiB, double AnonMiB, double FileMiB, double ShmemMiB, int Threads);
