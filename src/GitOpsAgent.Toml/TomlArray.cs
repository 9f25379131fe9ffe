using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace GitOpsAgent.Toml;

/// <summary>A TOML array, or an array of tables (<c>[[name]]</c>); elements keep their order.</summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "TOML calls it an array.")]
public sealed class TomlArray : IList<object>
{
    private readonly List<object> _items;

    public TomlArray()
    {
        _items = [];
        KeyPath = string.Empty;
    }

    public TomlArray(IEnumerable<object> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        KeyPath = string.Empty;
    }

    internal TomlArray(string keyPath, string? sourceName, TomlPosition? position, bool isTableArray)
    {
        _items = [];
        KeyPath = keyPath;
        SourceName = sourceName;
        Position = position;
        IsTableArray = isTableArray;
    }

    public string? SourceName { get; internal set; }

    /// <summary>Dotted path from the document root, e.g. <c>web.config_files</c>.</summary>
    public string KeyPath { get; internal set; }

    /// <summary>Where the array starts (its bracket, or its first <c>[[header]]</c>); null for programmatic arrays.</summary>
    public TomlPosition? Position { get; internal set; }

    /// <summary>True when built from <c>[[header]]</c> sections, which later headers may still append to.</summary>
    internal bool IsTableArray { get; }

    public int Count => _items.Count;

    public bool IsReadOnly => false;

    public object this[int index]
    {
        get => _items[index];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _items[index] = value;
        }
    }

    public void Add(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
    }

    public void Clear() => _items.Clear();

    public bool Contains(object item) => _items.Contains(item);

    public void CopyTo(object[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    public IEnumerator<object> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public int IndexOf(object item) => _items.IndexOf(item);

    public void Insert(int index, object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Insert(index, item);
    }

    public bool Remove(object item) => _items.Remove(item);

    public void RemoveAt(int index) => _items.RemoveAt(index);

    internal void AddParsed(object item) => _items.Add(item);

    internal void Reroot(string keyPath, string? sourceName)
    {
        KeyPath = keyPath;
        SourceName ??= sourceName;
        for (var i = 0; i < _items.Count; i++)
        {
            switch (_items[i])
            {
                case TomlTable { Position: null } table:
                    table.Reroot($"{keyPath}[{i}]", sourceName);
                    break;
                case TomlArray { Position: null } array:
                    array.Reroot($"{keyPath}[{i}]", sourceName);
                    break;
                default:
                    break;
            }
        }
    }
}
