namespace GitOpsAgent.Bench;

/// <summary>How to start one of the service loops and how its systemd unit stops it.</summary>
public sealed record ServiceLoopCommand(string File, IReadOnlyList<string> Arguments, string StopSignal, IReadOnlyList<int> CleanExitCodes);

/// <summary>One loop's runs: peak RSS over each run, median RSS between its passes, runs stopped cleanly.</summary>
public sealed record LoopFigures(IReadOnlyList<double> PeakMiB, IReadOnlyList<double> IdleMiB, int CleanStops);
