using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace GitOpsAgent.Toml;

/// <summary>
/// A TOML table: keys in document order mapped to values whose CLR types are exactly string, long, double,
/// bool, DateTimeOffset, <see cref="TomlLocalDateTime"/>, <see cref="TomlLocalDate"/>,
/// <see cref="TomlLocalTime"/>, <see cref="TomlArray"/> and <see cref="TomlTable"/>.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "TOML calls it a table.")]
public sealed partial class TomlTable : IEnumerable<KeyValuePair<string, object>>
{
    // Small tables are scanned linearly; the index only pays off once a table grows.
    private const int IndexThreshold = 8;

    private readonly List<Entry> _entries;
    private Dictionary<string, int>? _index;

    public TomlTable()
    {
        _entries = [];
        KeyPath = string.Empty;
    }

    internal TomlTable(string keyPath, string? sourceName, TomlPosition? position, TableOrigin origin)
    {
        _entries = [];
        KeyPath = keyPath;
        SourceName = sourceName;
        Position = position;
        Origin = origin;
    }

    public int Count => _entries.Count;

    /// <summary>Keys in document order (insertion order for programmatic tables).</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Key;
            }
        }
    }

    /// <summary>The file this table was read from, if any.</summary>
    public string? SourceName { get; internal set; }

    /// <summary>Dotted path from the document root: "" for the root, <c>web</c>, <c>web.config_files[0]</c>.</summary>
    public string KeyPath { get; internal set; }

    /// <summary>Where the table was opened: its header, its key, or its inline brace; null for programmatic tables.</summary>
    public TomlPosition? Position { get; internal set; }

    /// <summary>How the parser came to create this table, which decides what may still be added to it.</summary>
    internal TableOrigin Origin { get; set; }

    /// <summary>Set once an inline table is closed: TOML forbids extending it afterwards.</summary>
    internal bool IsFrozen { get; set; }

    public object this[string key]
    {
        get => TryGetValue(key, out var value) ? value! : throw new KeyNotFoundException($"key {TomlKeyFormatter.Quote(key)} is not in table {DescribePath()}");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            var i = IndexOf(key);
            if (i >= 0)
            {
                _entries[i] = _entries[i] with { Value = value };
            }
            else
            {
                AddEntry(key, value, null);
            }

            AdoptChild(key, value);
        }
    }

    public void Add(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"key {TomlKeyFormatter.Quote(key)} already exists in table {DescribePath()}", nameof(key));
        }

        AddEntry(key, value, null);
        AdoptChild(key, value);
    }

    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _entries.RemoveAt(i);
        if (_index is not null)
        {
            RebuildIndex();
        }

        return true;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [NotNullWhen(true)] out object? value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = null;
            return false;
        }

        value = _entries[i].Value;
        return true;
    }

    /// <summary>Line and column of the key as written in the source; null for keys added programmatically.</summary>
    public TomlPosition? GetKeyPosition(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : _entries[i].Position;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var entry in _entries)
        {
            yield return new KeyValuePair<string, object>(entry.Key, entry.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a key the parser has already checked is new.</summary>
    internal void AddParsed(string key, object value, TomlPosition position) => AddEntry(key, value, position);

    /// <summary>Replaces a value the parser is still building (an array of tables it appends to).</summary>
    internal int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        var entries = _entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal object ValueAt(int index) => _entries[index].Value;

    internal TomlPosition? PositionAt(int index) => _entries[index].Position;

    private void AddEntry(string key, object value, TomlPosition? position)
    {
        _entries.Add(new Entry(key, value, position));
        if (_index is not null)
        {
            _index.Add(key, _entries.Count - 1);
        }
        else if (_entries.Count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    private void RebuildIndex()
    {
        if (_entries.Count <= IndexThreshold)
        {
            _index = null;
            return;
        }

        _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _entries.Count; i++)
        {
            _index.Add(_entries[i].Key, i);
        }
    }

    /// <summary>Gives programmatically built children a key path, so their accessor errors name them.</summary>
    private void AdoptChild(string key, object value)
    {
        switch (value)
        {
            case TomlTable { Position: null } table when table != this:
                table.Reroot(TomlKeyFormatter.Child(KeyPath, key), SourceName);
                break;
            case TomlArray { Position: null } array:
                array.Reroot(TomlKeyFormatter.Child(KeyPath, key), SourceName);
                break;
            default:
                break;
        }
    }

    internal void Reroot(string keyPath, string? sourceName)
    {
        KeyPath = keyPath;
        SourceName ??= sourceName;
        foreach (var entry in _entries)
        {
            AdoptChild(entry.Key, entry.Value);
        }
    }

    private string DescribePath() => KeyPath.Length == 0 ? "(root)" : KeyPath;

    private readonly record struct Entry(string Key, object Value, TomlPosition? Position);
}
