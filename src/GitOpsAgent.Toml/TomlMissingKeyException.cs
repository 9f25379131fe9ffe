namespace GitOpsAgent.Toml;

/// <summary>A key the model requires is absent; the position is that of the table that should hold it.</summary>
public sealed class TomlMissingKeyException : TomlException
{
    public TomlMissingKeyException()
        : base("required key is missing")
    {
        KeyPath = string.Empty;
        Key = string.Empty;
    }

    public TomlMissingKeyException(string message)
        : base(message)
    {
        KeyPath = string.Empty;
        Key = string.Empty;
    }

    public TomlMissingKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
        KeyPath = string.Empty;
        Key = string.Empty;
    }

    public TomlMissingKeyException(string tablePath, string key, string? sourceName, TomlPosition? position)
        : base(Locate(sourceName, position, (tablePath.Length == 0 ? string.Empty : tablePath + ": ") + $"required key {TomlKeyFormatter.Quote(key)} is missing"))
    {
        KeyPath = tablePath;
        Key = key;
        SourceName = sourceName;
        Position = position;
    }

    /// <summary>Dotted path of the table that lacks the key ("" for the document root).</summary>
    public string KeyPath { get; }

    /// <summary>The missing key itself.</summary>
    public string Key { get; }

    public string? SourceName { get; }

    public TomlPosition? Position { get; }
}
