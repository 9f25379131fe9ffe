namespace GitOpsAgent.Core.Configuration;

/// <summary>A problem in a file an operator wrote: where it is, which key, what is wrong and how to fix it.</summary>
public sealed record ConfigFinding
{
    public required FindingSeverity Severity { get; init; }

    public required string File { get; init; }

    public int? Line { get; init; }

    public int? Column { get; init; }

    /// <summary>The app (section) concerned, when there is one.</summary>
    public string? App { get; init; }

    /// <summary>The key path concerned (<c>web.code_local_path</c>), when there is one.</summary>
    public string? Key { get; init; }

    public required string Message { get; init; }

    public string Location => Line is null ? File : Column is null ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";

    /// <summary>Location, key and message without the severity word, for lists that are already labelled.</summary>
    public string Text => Key is null ? $"{Location}: {Message}" : $"{Location}: {Key}: {Message}";

    public override string ToString()
    {
        var level = Severity == FindingSeverity.Error ? "error" : "warning";
        return Key is null ? $"{Location}: {level}: {Message}" : $"{Location}: {level}: {Key}: {Message}";
    }
}
