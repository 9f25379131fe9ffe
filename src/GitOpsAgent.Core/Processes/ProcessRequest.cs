namespace GitOpsAgent.Core.Processes;

/// <summary>What to run, where, with which extra environment and for how long at most.</summary>
public sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public int OutputLimit { get; init; } = BoundedOutput.DefaultLimit;

    /// <summary>Merge stderr into stdout in arrival order (for hook logs), instead of keeping them apart.</summary>
    public bool MergeOutput { get; init; }

    /// <summary>The fault-injection step reached while the process runs (a hook), for the kill-matrix tests; null: none.</summary>
    public string? RunningStep { get; init; }

    public string Display => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}
