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
    private const int IndexThreshold = 16;

    // A bare array rather than a List: a parsed document holds many tables, and every object counts.
    private Entry[] _entries;
    private int _count;
    private Dictionary<string, int>? _index;
    private TomlNodeLocation _location;

    public TomlTable()
    {
        _entries = [];
    }

    internal TomlTable(TomlSourceMap map, int offset, TableOrigin origin, object? parent, string? name, int index, int capacity = 0)
    {
        _entries = capacity == 0 ? [] : new Entry[capacity];
        _location = new TomlNodeLocation(map, offset, parent, name, index);
        Origin = origin;
    }

    public int Count => _count;

    /// <summary>Keys in document order (insertion order for programmatic tables).</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                yield return _entries[i].Key;
            }
        }
    }

    /// <summary>The file this table was read from, if any.</summary>
    public string? SourceName => _location.SourceName;

    /// <summary>Dotted path from the document root: "" for the root, <c>web</c>, <c>web.config_files[0]</c>.</summary>
    public string KeyPath => _location.KeyPath;

    /// <summary>Where the table was opened: its header, its key, or its inline brace; null for programmatic tables.</summary>
    public TomlPosition? Position => _location.Position;

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
                _entries[i] = new Entry(key, value, _entries[i].Offset);
            }
            else
            {
                AddEntry(key, value, -1);
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

        AddEntry(key, value, -1);
        AdoptChild(key, value);
    }

    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _count--;
        Array.Copy(_entries, i + 1, _entries, i, _count - i);
        _entries[_count] = default;
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

        value = ValueAt(i);
        return true;
    }

    /// <summary>Line and column of the key as written in the source; null for keys added programmatically.</summary>
    public TomlPosition? GetKeyPosition(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : PositionAt(i);
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, object>(_entries[i].Key, ValueAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a key the parser has already checked is new.</summary>
    internal void AddParsed(string key, object value, int offset) => AddEntry(key, value, offset);

    /// <summary>Adds a key whose value is the escape-free string opening at <paramref name="quote"/>, spelled on first read.</summary>
    internal void AddParsedPlainString(string key, int quote, int offset)
    {
        AddEntry(key, null, offset);
        _entries[_count - 1].PlainStringQuote = quote;
    }

    /// <summary>The value at <paramref name="index"/>, as stored: null for a string not read yet (which is never a table or array).</summary>
    internal object? StoredValueAt(int index) => _entries[index].Value;

    /// <summary>A header now defines a table that was only implied so far; it is located at that header.</summary>
    internal void MoveTo(int offset) => _location = _location with { Offset = offset };

    internal int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal object ValueAt(int index) => _entries[index].Value ?? SpellPlainString(ref _entries[index]);

    // Concurrent readers may both spell the same string; each stores an equal value, so either store is right.
    private string SpellPlainString(ref Entry entry)
    {
        var value = _location.Map!.PlainStringAt(entry.PlainStringQuote);
        entry.Value = value;
        return value;
    }

    internal TomlPosition? PositionAt(int index) =>
        _entries[index].Offset >= 0 && _location.Map is { } map ? map.PositionOf(_entries[index].Offset) : null;

    private void AddEntry(string key, object? value, int offset)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count == 0 ? 4 : _count * 2);
        }

        _entries[_count++] = new Entry(key, value, offset);
        if (_index is not null)
        {
            _index.Add(key, _count - 1);
        }
        else if (_count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    private void RebuildIndex()
    {
        if (_count <= IndexThreshold)
        {
            _index = null;
            return;
        }

        _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
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
        _location = _location.Rerooted(keyPath, sourceName);
        for (var i = 0; i < _count; i++)
        {
            if (_entries[i].Value is { } value)
            {
                AdoptChild(_entries[i].Key, value);
            }
        }
    }

    private string DescribePath() => KeyPath.Length == 0 ? "(root)" : KeyPath;

    /// <summary>
    /// One key. A string value without escapes is kept as the position of its opening quote until first read:
    /// a parsed model is long-lived, and strings nobody reads would otherwise be most of what the garbage
    /// collector has to promote. The quote fits in the padding of the struct, so it costs no memory.
    /// </summary>
    private struct Entry(string key, object? value, int offset)
    {
        public readonly string Key = key;
        public object? Value = value;
        public readonly int Offset = offset;
        public int PlainStringQuote;
    }
}
