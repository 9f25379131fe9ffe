namespace GitOpsAgent.Cli.Loop;

/// <summary>How one iteration of the service loop ended: the exit code `--once` returns and the interval in force.</summary>
internal sealed record IterationResult(int ExitCode, TimeSpan Interval);
