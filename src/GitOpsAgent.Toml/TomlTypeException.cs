namespace GitOpsAgent.Toml;

/// <summary>A key holds a value of another type than the model expects (<c>web.code_commit_hash: expected a string, found an integer</c>).</summary>
public sealed class TomlTypeException : TomlException
{
    public TomlTypeException()
        : base("unexpected TOML value type")
    {
        KeyPath = string.Empty;
    }

    public TomlTypeException(string message)
        : base(message)
    {
        KeyPath = string.Empty;
    }

    public TomlTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
        KeyPath = string.Empty;
    }

    public TomlTypeException(string keyPath, string expected, object found, string? sourceName, TomlPosition? position)
        : base(Locate(sourceName, position, $"{keyPath}: expected {expected}, found {TomlTypeNames.Describe(found)}"))
    {
        KeyPath = keyPath;
        SourceName = sourceName;
        Position = position;
    }

    /// <summary>Dotted path of the offending key from the document root.</summary>
    public string KeyPath { get; }

    public string? SourceName { get; }

    public TomlPosition? Position { get; }
}
