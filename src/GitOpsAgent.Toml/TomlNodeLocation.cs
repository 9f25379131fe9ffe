namespace GitOpsAgent.Toml;

/// <summary>
/// Where a table or array came from: its source offset and its parent. Key paths are spelled only when
/// asked for, since most of them never appear in an error message.
/// </summary>
internal struct TomlNodeLocation
{
    private string? _keyPath;
    private string? _sourceName;

    public TomlNodeLocation(TomlSourceMap map, int offset, object? parent, string? name, int index)
    {
        Map = map;
        Offset = offset;
        Parent = parent;
        Name = name;
        Index = index;
    }

    public TomlSourceMap? Map { get; init; }

    public int Offset { get; init; }

    public object? Parent { get; init; }

    public string? Name { get; init; }

    public int Index { get; init; }

    public readonly string? SourceName => _sourceName ?? Map?.SourceName;

    public readonly TomlPosition? Position => Map is null ? null : Map.PositionOf(Offset);

    public string KeyPath => _keyPath ??= Parent switch
    {
        TomlTable table => TomlKeyFormatter.Child(table.KeyPath, Name!),
        TomlArray array => $"{array.KeyPath}[{Index}]",
        _ => string.Empty,
    };

    public readonly TomlNodeLocation Rerooted(string keyPath, string? sourceName) =>
        this with { _keyPath = keyPath, _sourceName = _sourceName ?? sourceName };
}
