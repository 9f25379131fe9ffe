using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>
/// Hand-written recursive-descent reader for TOML 1.0.0 over a string. It builds the model directly and
/// enforces every rule against redefining keys and tables as it goes.
/// </summary>
internal sealed partial class TomlReader
{
    /// <summary>Arrays and inline tables nested deeper than this are refused before the stack is at risk.</summary>
    public const int MaxDepth = 1000;

    private readonly string _text;
    private readonly string? _sourceName;
    private readonly TomlLayout? _layout;
    // Booleans are boxed once: a model holds many of them.
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly TomlSourceMap _map;
    private readonly TomlTable _root;
    private const int KeyCacheSize = 256;

    private readonly List<KeyPart> _keyParts = [];
    private readonly string?[] _keyCache = new string?[KeyCacheSize];
    private readonly StringBuilder _buffer = new();
    private TomlTable _current;
    private string[] _sectionPath = [];
    private int _pos;
    private int _depth;

    private TomlReader(string text, string? sourceName, TomlLayout? layout)
    {
        _text = text;
        _sourceName = sourceName;
        _layout = layout;
        _map = new TomlSourceMap(text, sourceName);
        _root = new TomlTable(_map, 0, TableOrigin.Header, null, null, 0);
        _current = _root;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _pos = 1;
        }
    }

    public static TomlTable Read(string text, string? sourceName, TomlLayout? layout = null) =>
        new TomlReader(text, sourceName, layout).ReadDocument();

    private TomlTable ReadDocument()
    {
        var text = _text;
        while (true)
        {
            SkipWhitespace();
            if (_pos >= text.Length)
            {
                break;
            }

            var c = text[_pos];
            switch (c)
            {
                case '\n':
                    _pos++;
                    break;
                case '\r':
                    ExpectNewline();
                    break;
                case '#':
                    SkipComment();
                    break;
                case '[':
                    ReadHeader();
                    ExpectEndOfLine("a table header");
                    break;
                default:
                    ReadKeyValue(_current, inline: false);
                    ExpectEndOfLine("a value");
                    break;
            }
        }

        _layout?.Finish(_text.Length);
        return _root;
    }

    private void ReadHeader()
    {
        var start = _pos;
        var isArray = Peek(1) == '[';
        _pos += isArray ? 2 : 1;
        SkipWhitespace();
        ReadDottedKey();
        SkipWhitespace();
        var description = isArray ? "array of tables header" : "table header";
        if (Current != ']')
        {
            throw ErrorAt(_pos, $"expected ']' to close the {description} [{JoinKeyParts(_keyParts.Count)}], found {DescribeAt(_pos)}");
        }

        _pos++;
        if (isArray)
        {
            if (Current != ']')
            {
                throw ErrorAt(_pos, $"expected ']]' to close the {description} [[{JoinKeyParts(_keyParts.Count)}]], found {DescribeAt(_pos)}");
            }

            _pos++;
        }

        var position = start;
        var table = _root;
        for (var i = 0; i < _keyParts.Count - 1; i++)
        {
            table = DescendForHeader(table, _keyParts[i], position);
        }

        var last = _keyParts[^1];
        _current = isArray ? AppendArrayTable(table, last, position) : DefineTable(table, last, position);
        if (_layout is not null)
        {
            _sectionPath = KeyPartNames(0);
            _layout.AddSection(_sectionPath, isArray, start, _pos);
        }
    }

    /// <summary>Walks one key of a header path, creating the table implicitly when it does not exist yet.</summary>
    private TomlTable DescendForHeader(TomlTable table, KeyPart part, int headerStart)
    {
        var i = table.IndexOf(part.Name);
        if (i < 0)
        {
            var created = new TomlTable(_map, headerStart, TableOrigin.Implicit, table, part.Name, 0);
            table.AddParsed(part.Name, created, part.Start);
            return created;
        }

        switch (table.ValueAt(i))
        {
            case TomlTable existing when existing.IsFrozen || existing.Origin == TableOrigin.Inline:
                throw ErrorAt(part.Start, $"cannot extend inline table {Describe(existing)} (defined at line {LineOf(table, i)}): inline tables are complete once closed");
            case TomlTable existing:
                return existing;
            case TomlArray { IsTableArray: true } array:
                return (TomlTable)array[^1];
            case var other:
                throw ErrorAt(part.Start, $"key {TomlKeyFormatter.Format(part.Name)} is already {TomlTypeNames.Describe(other)} (line {LineOf(table, i)}), not a table");
        }
    }

    private TomlTable DefineTable(TomlTable parent, KeyPart part, int position)
    {
        var i = parent.IndexOf(part.Name);
        if (i < 0)
        {
            var table = new TomlTable(_map, position, TableOrigin.Header, parent, part.Name, 0);
            parent.AddParsed(part.Name, table, part.Start);
            return table;
        }

        var name = JoinKeyParts(_keyParts.Count);
        switch (parent.ValueAt(i))
        {
            case TomlTable { Origin: TableOrigin.Implicit, IsFrozen: false } implicitTable:
                implicitTable.Origin = TableOrigin.Header;
                implicitTable.MoveTo(position);
                return implicitTable;
            case TomlTable { Origin: TableOrigin.Dotted } dotted:
                throw ErrorAt(part.Start, $"table [{name}] was already defined by dotted keys at line {dotted.Position?.Line}");
            case TomlTable { Origin: TableOrigin.Inline }:
                throw ErrorAt(part.Start, $"table [{name}] was already defined as an inline table at line {LineOf(parent, i)}");
            case TomlTable existing:
                throw ErrorAt(part.Start, $"duplicate table [{name}] (first defined at line {existing.Position?.Line})");
            case TomlArray { IsTableArray: true }:
                throw ErrorAt(part.Start, $"[{name}] is already an array of tables (line {LineOf(parent, i)})");
            case var other:
                throw ErrorAt(part.Start, $"key {name} is already {TomlTypeNames.Describe(other)} (line {LineOf(parent, i)}), not a table");
        }
    }

    private TomlTable AppendArrayTable(TomlTable parent, KeyPart part, int position)
    {
        var i = parent.IndexOf(part.Name);
        TomlArray array;
        if (i < 0)
        {
            array = new TomlArray(_map, position, isTableArray: true, parent, part.Name, 0);
            parent.AddParsed(part.Name, array, part.Start);
        }
        else if (parent.ValueAt(i) is TomlArray { IsTableArray: true } existing)
        {
            array = existing;
        }
        else
        {
            var found = parent.ValueAt(i);
            var what = found is TomlArray ? "a static array, which cannot be extended with [[...]]" : TomlTypeNames.Describe(found);
            throw ErrorAt(part.Start, $"key {JoinKeyParts(_keyParts.Count)} is already {what} (line {LineOf(parent, i)})");
        }

        // Elements of an array of tables usually share one shape: sizing each like its predecessor spares the
        // growth copies, which matter because a parsed model is long-lived and every byte of it gets promoted.
        var capacity = array.Count > 0 && array[^1] is TomlTable previous ? previous.Count : 0;
        var element = new TomlTable(_map, position, TableOrigin.Header, array, null, array.Count, capacity);
        array.AddParsed(element);
        return element;
    }

    /// <summary>Reads <c>key = value</c> into <paramref name="target"/>, creating tables for dotted keys.</summary>
    private void ReadKeyValue(TomlTable target, bool inline)
    {
        var keyStart = _pos;
        ReadDottedKey();
        SkipWhitespace();
        if (Current != '=')
        {
            throw ErrorAt(_pos, $"expected '=' after key {QuotedKeyParts()}, found {DescribeAt(_pos)}");
        }

        _pos++;
        SkipWhitespace();

        var table = target;
        var count = _keyParts.Count;
        for (var k = 0; k < count - 1; k++)
        {
            table = DescendForDottedKey(table, _keyParts[k]);
        }

        var last = _keyParts[count - 1];
        var existing = table.IndexOf(last.Name);
        if (existing >= 0)
        {
            throw ErrorAt(last.Start, $"duplicate key {QuotedKeyParts()} (first defined at line {LineOf(table, existing)})");
        }

        string[]? recordPath = null;
        if (_layout is not null && !inline)
        {
            recordPath = [.. _sectionPath, .. KeyPartNames(0)];
        }

        var valueStart = _pos;
        if (_layout is null && TrySkipPlainStringValue(out var quote))
        {
            table.AddParsedPlainString(last.Name, quote, keyStart);
            return;
        }

        var value = ReadValue(table, last.Name, 0);
        table.AddParsed(last.Name, value, keyStart);
        if (recordPath is not null)
        {
            _layout!.AddKeyValue(recordPath, keyStart, valueStart, _pos, value);
        }
    }

    private TomlTable DescendForDottedKey(TomlTable table, KeyPart part)
    {
        var i = table.IndexOf(part.Name);
        if (i < 0)
        {
            var created = new TomlTable(_map, part.Start, TableOrigin.Dotted, table, part.Name, 0);
            table.AddParsed(part.Name, created, part.Start);
            return created;
        }

        switch (table.ValueAt(i))
        {
            case TomlTable { Origin: TableOrigin.Dotted, IsFrozen: false } dotted:
                return dotted;
            case TomlTable { Origin: TableOrigin.Inline } or TomlTable { IsFrozen: true }:
                throw ErrorAt(part.Start, $"cannot add to inline table {TomlKeyFormatter.Format(part.Name)} (defined at line {LineOf(table, i)}): inline tables are complete once closed");
            case TomlTable other:
                throw ErrorAt(part.Start, $"cannot add keys to table [{other.KeyPath}] with dotted keys here: it is defined by a header at line {other.Position?.Line}");
            case var other:
                throw ErrorAt(part.Start, $"key {TomlKeyFormatter.Format(part.Name)} is already {TomlTypeNames.Describe(other)} (line {LineOf(table, i)}), not a table");
        }
    }

    /// <summary>Reads <c>a."b c".'d'</c> into <see cref="_keyParts"/>.</summary>
    private void ReadDottedKey()
    {
        _keyParts.Clear();
        while (true)
        {
            var start = _pos;
            _keyParts.Add(new KeyPart(ReadSimpleKey(), start));
            SkipWhitespace();
            if (Current != '.')
            {
                return;
            }

            _pos++;
            SkipWhitespace();
        }
    }

    private string ReadSimpleKey()
    {
        var text = _text;
        var start = _pos;
        var c = Current;
        if (c == '"')
        {
            if (Peek(1) == '"' && Peek(2) == '"')
            {
                throw ErrorAt(_pos, "a key cannot be a multi-line string");
            }

            return ReadBasicString();
        }

        if (c == '\'')
        {
            if (Peek(1) == '\'' && Peek(2) == '\'')
            {
                throw ErrorAt(_pos, "a key cannot be a multi-line string");
            }

            return ReadLiteralString();
        }

        var pos = start;
        while (pos < text.Length && TomlKeyFormatter.IsBareKeyChar(text[pos]))
        {
            pos++;
        }

        if (pos == start)
        {
            throw ErrorAt(start, AtEnd || c is '\n' or '\r' ? "expected a key" : $"expected a key, found {DescribeAt(start)} (bare keys may only contain A-Z, a-z, 0-9, '_' and '-')");
        }

        _pos = pos;
        return InternKey(text.AsSpan(start, pos - start));
    }

    /// <summary>Documents repeat the same keys over and over; a small cache spares allocating each again.</summary>
    private string InternKey(ReadOnlySpan<char> key)
    {
        if (key.Length > 32)
        {
            return new string(key);
        }

        var hash = (uint)key.Length;
        foreach (var c in key)
        {
            hash = (hash * 31) + c;
        }

        ref var slot = ref _keyCache[hash & (KeyCacheSize - 1)];
        if (slot is not null && key.SequenceEqual(slot))
        {
            return slot;
        }

        slot = new string(key);
        return slot;
    }

    private object ReadValue(object parent, string? key, int index)
    {
        if (AtEnd)
        {
            throw ErrorAt(_pos, "expected a value, found end of file");
        }

        var c = _text[_pos];
        switch (c)
        {
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? ReadMultilineBasicString() : ReadBasicString();
            case '\'':
                return Peek(1) == '\'' && Peek(2) == '\'' ? ReadMultilineLiteralString() : ReadLiteralString();
            case 't':
                return ReadKeyword("true", True);
            case 'f':
                return ReadKeyword("false", False);
            case '[':
                return ReadArray(parent, key, index);
            case '{':
                return ReadInlineTable(parent, key, index);
            case 'i' or 'n' or '+' or '-':
                return ReadNumber();
            case >= '0' and <= '9':
                if (LooksLikeDate())
                {
                    return ReadDateOrDateTime();
                }

                return LooksLikeTime() ? ReadLocalTime() : ReadNumber();
            case '\n' or '\r':
                throw ErrorAt(_pos, "expected a value, found end of line");
            default:
                throw ErrorAt(_pos, $"expected a value, found {DescribeChar(c)}" + (c == '.' ? " (floats need a digit before the '.')" : string.Empty));
        }
    }

    /// <summary>
    /// A single-line string without escapes is left in the source and spelled when first read. Not while
    /// editing: the layout records every value.
    /// </summary>
    private bool TrySkipPlainStringValue(out int quote)
    {
        quote = _pos;
        if (_pos + 1 >= _text.Length)
        {
            return false;
        }

        var c = _text[_pos];
        return (c == '"' || c == '\'') && _text[_pos + 1] != c && TryScanPlainString(c, out _);
    }

    private object ReadKeyword(string word, object value)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            throw ErrorAt(_pos, $"expected a value, found {DescribeAt(_pos)} (booleans are lowercase true and false; strings need quotes)");
        }

        _pos += word.Length;
        return value;
    }

    private TomlArray ReadArray(object parent, string? key, int index)
    {
        EnterNesting();
        var array = new TomlArray(_map, _pos, isTableArray: false, parent, key, index);
        _pos++;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (Current == ']' && !AtEnd)
            {
                _pos++;
                break;
            }

            if (_layout is null && TrySkipPlainStringValue(out var quote))
            {
                array.AddParsedPlainString(quote);
            }
            else
            {
                array.AddParsed(ReadValue(array, null, array.Count));
            }

            SkipWhitespaceCommentsAndNewlines();
            var c = Current;
            if (c == ',' && !AtEnd)
            {
                _pos++;
            }
            else if (c == ']' && !AtEnd)
            {
                _pos++;
                break;
            }
            else
            {
                throw ErrorAt(_pos, $"expected ',' or ']' after an array element, found {DescribeAt(_pos)}");
            }
        }

        _depth--;
        return array;
    }

    private TomlTable ReadInlineTable(object parent, string? key, int index)
    {
        EnterNesting();
        var table = new TomlTable(_map, _pos, TableOrigin.Inline, parent, key, index);
        _pos++;
        SkipWhitespace();
        if (Current == '}' && !AtEnd)
        {
            _pos++;
        }
        else
        {
            while (true)
            {
                SkipWhitespace();
                ReadKeyValue(table, inline: true);
                SkipWhitespace();
                var c = Current;
                if (c == ',' && !AtEnd)
                {
                    _pos++;
                    SkipWhitespace();
                    if (Current == '}')
                    {
                        throw ErrorAt(_pos, "trailing comma is not allowed in an inline table");
                    }
                }
                else if (c == '}' && !AtEnd)
                {
                    _pos++;
                    break;
                }
                else if (c is '\n' or '\r')
                {
                    throw ErrorAt(_pos, "expected '}' before end of line: inline tables must be on one line");
                }
                else
                {
                    throw ErrorAt(_pos, $"expected ',' or '}}' in inline table, found {DescribeAt(_pos)}");
                }
            }
        }

        Freeze(table);
        _depth--;
        return table;
    }

    private static void Freeze(TomlTable table)
    {
        table.IsFrozen = true;
        for (var i = 0; i < table.Count; i++)
        {
            if (table.StoredValueAt(i) is TomlTable { IsFrozen: false } child)
            {
                Freeze(child);
            }
        }
    }

    private void EnterNesting()
    {
        if (++_depth > MaxDepth)
        {
            throw ErrorAt(_pos, $"nesting deeper than {MaxDepth} levels");
        }
    }

    private string[] KeyPartNames(int from)
    {
        var names = new string[_keyParts.Count - from];
        for (var i = from; i < _keyParts.Count; i++)
        {
            names[i - from] = _keyParts[i].Name;
        }

        return names;
    }

    private string JoinKeyParts(int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            builder.Append(TomlKeyFormatter.Format(_keyParts[i].Name));
        }

        return builder.ToString();
    }

    /// <summary>The key as an operator would recognise it in messages: <c>"code_url"</c>, <c>"web.port"</c>.</summary>
    private string QuotedKeyParts() => "\"" + JoinKeyParts(_keyParts.Count).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static int? LineOf(TomlTable table, int index) => table.PositionAt(index)?.Line;

    private static string Describe(TomlTable table) => table.KeyPath.Length == 0 ? "(root)" : table.KeyPath;

    private readonly record struct KeyPart(string Name, int Start);
}
