namespace GitOpsAgent.Toml;

/// <summary>Base of every error the TOML library raises on purpose, so callers can catch one type.</summary>
public class TomlException : Exception
{
    public TomlException()
    {
    }

    public TomlException(string message)
        : base(message)
    {
    }

    public TomlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Builds the "file:line:col: " prefix operators expect from compilers and linters.</summary>
    internal static string Locate(string? sourceName, TomlPosition? position, string reason)
    {
        var prefix = sourceName is null ? string.Empty : sourceName + ":";
        if (position is { } p)
        {
            prefix += $"{p.Line}:{p.Column}:";
        }

        return prefix.Length == 0 ? reason : prefix + " " + reason;
    }
}
