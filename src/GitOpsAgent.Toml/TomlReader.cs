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
    private readonly TomlTable _root;
    private readonly List<KeyPart> _keyParts = [];
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
        _root = new TomlTable(string.Empty, sourceName, new TomlPosition(1, 1), TableOrigin.Header);
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

        var position = PositionOf(start);
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
    private TomlTable DescendForHeader(TomlTable table, KeyPart part, TomlPosition headerPosition)
    {
        var i = table.IndexOf(part.Name);
        if (i < 0)
        {
            var created = new TomlTable(TomlKeyFormatter.Child(table.KeyPath, part.Name), _sourceName, headerPosition, TableOrigin.Implicit);
            table.AddParsed(part.Name, created, PositionOf(part.Start));
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

    private TomlTable DefineTable(TomlTable parent, KeyPart part, TomlPosition position)
    {
        var i = parent.IndexOf(part.Name);
        if (i < 0)
        {
            var table = new TomlTable(TomlKeyFormatter.Child(parent.KeyPath, part.Name), _sourceName, position, TableOrigin.Header);
            parent.AddParsed(part.Name, table, PositionOf(part.Start));
            return table;
        }

        var name = JoinKeyParts(_keyParts.Count);
        switch (parent.ValueAt(i))
        {
            case TomlTable { Origin: TableOrigin.Implicit, IsFrozen: false } implicitTable:
                implicitTable.Origin = TableOrigin.Header;
                implicitTable.Position = position;
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

    private TomlTable AppendArrayTable(TomlTable parent, KeyPart part, TomlPosition position)
    {
        var i = parent.IndexOf(part.Name);
        TomlArray array;
        if (i < 0)
        {
            array = new TomlArray(TomlKeyFormatter.Child(parent.KeyPath, part.Name), _sourceName, position, isTableArray: true);
            parent.AddParsed(part.Name, array, PositionOf(part.Start));
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

        var element = new TomlTable($"{array.KeyPath}[{array.Count}]", _sourceName, position, TableOrigin.Header);
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

        var keyPosition = PositionOf(keyStart);
        var valueStart = _pos;
        var value = ReadValue(table.KeyPath, last.Name, 0);
        table.AddParsed(last.Name, value, keyPosition);
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
            var created = new TomlTable(TomlKeyFormatter.Child(table.KeyPath, part.Name), _sourceName, PositionOf(part.Start), TableOrigin.Dotted);
            table.AddParsed(part.Name, created, PositionOf(part.Start));
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
        return text.Substring(start, pos - start);
    }

    private object ReadValue(string parentPath, string? key, int index)
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
                return ReadKeyword("true", true);
            case 'f':
                return ReadKeyword("false", false);
            case '[':
                return ReadArray(ChildPath(parentPath, key, index));
            case '{':
                return ReadInlineTable(ChildPath(parentPath, key, index));
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

    private static string ChildPath(string parentPath, string? key, int index) =>
        key is null ? $"{parentPath}[{index}]" : TomlKeyFormatter.Child(parentPath, key);

    private bool ReadKeyword(string word, bool value)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            throw ErrorAt(_pos, $"expected a value, found {DescribeAt(_pos)} (booleans are lowercase true and false; strings need quotes)");
        }

        _pos += word.Length;
        return value;
    }

    private TomlArray ReadArray(string path)
    {
        EnterNesting();
        var array = new TomlArray(path, _sourceName, PositionOf(_pos), isTableArray: false);
        _pos++;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (Current == ']' && !AtEnd)
            {
                _pos++;
                break;
            }

            array.AddParsed(ReadValue(path, null, array.Count));
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

    private TomlTable ReadInlineTable(string path)
    {
        EnterNesting();
        var table = new TomlTable(path, _sourceName, PositionOf(_pos), TableOrigin.Inline);
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
        foreach (var entry in table)
        {
            if (entry.Value is TomlTable { IsFrozen: false } child)
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
