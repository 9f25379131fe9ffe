namespace GitOpsAgent.Core.Reconcile;

/// <summary>Commit id shapes: a full 40-hex id, or an abbreviation of 7 or more hex digits.</summary>
public static class CommitId
{
    public static bool IsAbbreviation(string value) =>
        value is { Length: >= 7 and <= 40 } && value.All(Uri.IsHexDigit);

    public static bool IsFull(string value) => value is { Length: 40 } && IsAbbreviation(value);

    public static string Abbreviate(string? value) => value is { Length: > 12 } ? value[..12] : value ?? "-";
}
