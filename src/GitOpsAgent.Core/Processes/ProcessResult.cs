namespace GitOpsAgent.Core.Processes;

/// <summary>How a process ended and what it said (ANSI-stripped, bounded).</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
