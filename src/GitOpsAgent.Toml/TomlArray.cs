using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace GitOpsAgent.Toml;

/// <summary>A TOML array, or an array of tables (<c>[[name]]</c>); elements keep their order.</summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "TOML calls it an array.")]
public sealed class TomlArray : IList<object>
{
    // A bare array rather than a List: a parsed document holds many arrays, and every object counts.
    // A null item is an escape-free string not read yet, its opening quote at the same index of _plainStringQuotes.
    private object?[] _items;
    private int[]? _plainStringQuotes;
    private int _count;
    private TomlNodeLocation _location;

    public TomlArray()
    {
        _items = [];
    }

    public TomlArray(IEnumerable<object> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [];
        foreach (var item in items)
        {
            Add(item);
        }
    }

    internal TomlArray(TomlSourceMap map, int offset, bool isTableArray, object? parent, string? name, int index)
    {
        _items = [];
        _location = new TomlNodeLocation(map, offset, parent, name, index);
        IsTableArray = isTableArray;
    }

    public string? SourceName => _location.SourceName;

    /// <summary>Dotted path from the document root, e.g. <c>web.config_files</c>.</summary>
    public string KeyPath => _location.KeyPath;

    /// <summary>Where the array starts (its bracket, or its first <c>[[header]]</c>); null for programmatic arrays.</summary>
    public TomlPosition? Position => _location.Position;

    /// <summary>True when built from <c>[[header]]</c> sections, which later headers may still append to.</summary>
    internal bool IsTableArray { get; }

    public int Count => _count;

    public bool IsReadOnly => false;

    public object this[int index]
    {
        get
        {
            CheckIndex(index, _count);
            return ItemAt(index);
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            CheckIndex(index, _count);
            _items[index] = value;
        }
    }

    public void Add(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        AddParsed(item);
    }

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _plainStringQuotes = null;
        _count = 0;
    }

    public bool Contains(object item) => IndexOf(item) >= 0;

    public void CopyTo(object[] array, int arrayIndex)
    {
        SpellAll();
        Array.Copy(_items, 0, array, arrayIndex, _count);
    }

    public IEnumerator<object> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return ItemAt(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(object item)
    {
        SpellAll();
        return Array.IndexOf(_items, item, 0, _count);
    }

    public void Insert(int index, object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        CheckIndex(index, _count + 1);
        DropPlainStrings();
        Grow();
        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = item;
        _count++;
    }

    public bool Remove(object item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    public void RemoveAt(int index)
    {
        CheckIndex(index, _count);
        DropPlainStrings();
        _count--;
        Array.Copy(_items, index + 1, _items, index, _count - index);
        _items[_count] = null;
    }

    internal void AddParsed(object item)
    {
        Grow();
        _items[_count++] = item;
    }

    /// <summary>Adds the escape-free string opening at <paramref name="quote"/>, spelled on first read.</summary>
    internal void AddParsedPlainString(int quote)
    {
        Grow();
        _plainStringQuotes ??= new int[_items.Length];
        _plainStringQuotes[_count++] = quote;
    }

    // Concurrent readers may both spell the same string; each stores an equal value, so either store is right.
    private object ItemAt(int index) => _items[index] ?? (_items[index] = _location.Map!.PlainStringAt(_plainStringQuotes![index]));

    private void SpellAll()
    {
        for (var i = 0; i < _count; i++)
        {
            _ = ItemAt(i);
        }
    }

    /// <summary>Before items move, every string is spelled, so positions in the source no longer matter.</summary>
    private void DropPlainStrings()
    {
        if (_plainStringQuotes is not null)
        {
            SpellAll();
            _plainStringQuotes = null;
        }
    }

    private void Grow()
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count == 0 ? 4 : _count * 2);
            if (_plainStringQuotes is not null)
            {
                Array.Resize(ref _plainStringQuotes, _items.Length);
            }
        }
    }

    private static void CheckIndex(int index, int limit)
    {
        if ((uint)index >= (uint)limit)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be between 0 and {limit - 1}");
        }
    }

    internal void Reroot(string keyPath, string? sourceName)
    {
        _location = _location.Rerooted(keyPath, sourceName);
        for (var i = 0; i < _count; i++)
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
