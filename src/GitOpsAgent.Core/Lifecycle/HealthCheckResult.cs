namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// How an app's health check went: passed or not, after how many tries, the last try's exit code and (bounded) output.
/// </summary>
public sealed record HealthCheckResult(string Command, bool Passed, int ExitCode, bool TimedOut, int Tries, string Output)
{
    public const string PassedText = "passed";
    public const string FailedText = "failed";

    /// <summary>"passed" or "failed", as the report writes it.</summary>
    public string Result => Passed ? PassedText : FailedText;
}
