namespace GitOpsAgent.Core.Configuration;

/// <summary>A validated change to the agent config, ready to be written (or shown by -WhatIf).</summary>
public sealed record AgentConfigEdit
{
    public required string Path { get; init; }

    /// <summary>The file's text before the change; null when the file does not exist yet.</summary>
    public string? OriginalText { get; init; }

    public required string NewText { get; init; }

    /// <summary>The config the new text parses to: already validated.</summary>
    public required AgentConfig Config { get; init; }

    /// <summary>One line per change, for -WhatIf and -Verbose.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    public bool Creates => OriginalText is null;

    /// <summary>False when the file already says what was asked: nothing needs writing.</summary>
    public bool Changed => !string.Equals(OriginalText, NewText, StringComparison.Ordinal);
}
