namespace GitOpsAgent.Core.Reports;

/// <summary>
/// How one repo's update went (the report's config-updation and app-updation tables): whether it ran,
/// its return value, the repo's git status afterwards and the commit it ended on.
/// </summary>
public sealed record StepResult
{
    public static StepResult NotNeeded { get; } = new() { Attempted = false, Succeeded = true };

    public bool Attempted { get; init; }

    public bool Succeeded { get; init; }

    /// <summary>0 when the update succeeded or was not needed, 1 when it failed (the report's updation-return-value).</summary>
    public int ReturnValue => Succeeded ? 0 : 1;

    public string? Error { get; init; }

    /// <summary>Short-format git status of the repo after the step (empty when clean).</summary>
    public string GitStatus { get; init; } = string.Empty;

    public string? LatestCommit { get; init; }
}
