namespace GitOpsAgent.Core.Reports;

/// <summary>One pre or post updation command as it ran: exit code, whether it timed out, its (bounded) log.</summary>
public sealed record CommandRun(string Stage, string Command, int ExitCode, bool TimedOut, string Log, double DurationSeconds)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
