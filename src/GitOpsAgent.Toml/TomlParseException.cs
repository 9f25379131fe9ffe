namespace GitOpsAgent.Toml;

/// <summary>The document is not valid TOML; <see cref="Line"/> and <see cref="Column"/> point at the offending character.</summary>
public sealed class TomlParseException : TomlException
{
    public TomlParseException()
        : this("invalid TOML", null, 1, 1)
    {
    }

    public TomlParseException(string message)
        : this(message, null, 1, 1)
    {
    }

    public TomlParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Line = 1;
        Column = 1;
    }

    public TomlParseException(string reason, string? sourceName, int line, int column)
        : base(Locate(sourceName, new TomlPosition(line, column), reason))
    {
        Reason = reason;
        SourceName = sourceName;
        Line = line;
        Column = column;
    }

    public string? SourceName { get; }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error, in Unicode code points.</summary>
    public int Column { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    public TomlPosition Position => new(Line, Column);
}
