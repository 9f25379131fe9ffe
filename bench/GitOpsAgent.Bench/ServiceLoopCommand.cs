namespace GitOpsAgent.Bench;

/// <summary>How to start one of the service loops and how its systemd unit stops it.</summary>
public sealed record ServiceLoopCommand(string File, IReadOnlyList<string> Arguments, string StopSignal, IReadOnlyList<int> CleanExitCodes);
