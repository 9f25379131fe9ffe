namespace GitOpsAgent.Core.Configuration;

/// <summary>How an interactive edit of the agent config ended.</summary>
public sealed record ConfigEditResult
{
    public required string Path { get; init; }

    /// <summary>True when the edited text was valid and replaced the config.</summary>
    public bool Saved { get; init; }

    /// <summary>True when the editor exited without changing anything; the config is untouched.</summary>
    public bool Unchanged { get; init; }

    /// <summary>The editor's exit code; a non-zero code abandons the edit.</summary>
    public int EditorExitCode { get; init; }

    /// <summary>Why the edit was refused (empty when it was saved or unchanged).</summary>
    public IReadOnlyList<ConfigFinding> Findings { get; init; } = [];

    /// <summary>Where the refused text was kept, so the operator's work is not lost.</summary>
    public string? RejectedCopy { get; init; }

    /// <summary>The config as saved, when it was.</summary>
    public AgentConfig? Config { get; init; }
}
