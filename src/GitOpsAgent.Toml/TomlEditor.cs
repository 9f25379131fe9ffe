namespace GitOpsAgent.Toml;

/// <summary>
/// Edits a TOML document in place: sets, adds and removes keys and tables while every untouched byte
/// (comments, blank lines, key order, line endings) stays exactly as the operator wrote it.
/// Every edit is re-parsed before it is accepted, so the text is always valid TOML.
/// </summary>
public sealed class TomlEditor
{
    private readonly string? _sourceName;
    private readonly string _newline;
    private string _text;
    private TomlLayout _layout;

    private TomlEditor(string text, string? sourceName)
    {
        _sourceName = sourceName;
        _text = text;
        _newline = DetectNewline(text);
        (Document, _layout) = Load(text, sourceName);
    }

    /// <summary>The model of the current text.</summary>
    public TomlTable Document { get; private set; }

    /// <summary>Parses <paramref name="text"/> for editing; throws <see cref="TomlParseException"/> when it is not valid TOML.</summary>
    public static TomlEditor Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlEditor(text, sourceName);
    }

    /// <summary>
    /// Sets the value at <paramref name="keyPath"/>. An existing value is replaced where it stands, keeping its
    /// line, spacing and trailing comment; a new key goes after the last key of its table's section; a table
    /// that does not exist yet becomes a new section at the end of the document.
    /// </summary>
    public void Set(IReadOnlyList<string> keyPath, object value)
    {
        var path = CheckPath(keyPath);
        ArgumentNullException.ThrowIfNull(value);

        var multiline = _newline == "\n";
        var existing = FindKeyValue(path);
        if (existing is not null)
        {
            Apply([new TextEdit(existing.ValueStart, existing.ValueEnd, TomlWriter.FormatValue(value, multiline))]);
            return;
        }

        var inline = FindEnclosingKeyValue(path);
        if (inline is not null)
        {
            Apply([RewriteInline(inline, table => SetIn(table, path.AsSpan(inline.Path.Length), value))]);
            return;
        }

        var editor = this;
        var current = Lookup(path);
        if (current is not null)
        {
            // A table or dotted-key group is replaced as a whole: remove it, then add the new value.
            editor = Transaction();
            editor.RemoveTable(path);
        }

        editor.Add(path, value);
        Adopt(editor);
    }

    /// <summary>Removes the key, or the whole table (every section and dotted key under it); false when absent.</summary>
    public bool Remove(IReadOnlyList<string> keyPath)
    {
        var path = CheckPath(keyPath);
        var existing = FindKeyValue(path);
        if (existing is not null)
        {
            Apply([new TextEdit(LineStart(existing.KeyStart), LineEndAfter(existing.ValueEnd), string.Empty)]);
            return true;
        }

        var inline = FindEnclosingKeyValue(path);
        if (inline is not null)
        {
            var found = false;
            var edit = RewriteInline(inline, table => found = RemoveIn(table, path.AsSpan(inline.Path.Length)));
            if (found)
            {
                Apply([edit]);
            }

            return found;
        }

        return RemoveTable(path);
    }

    /// <summary>The full text of the document.</summary>
    public override string ToString() => _text;

    private static (TomlTable Document, TomlLayout Layout) Load(string text, string? sourceName)
    {
        var layout = new TomlLayout();
        var document = TomlReader.Read(text, sourceName, layout);
        return (document, layout);
    }

    private static string DetectNewline(string text)
    {
        var lf = text.IndexOf('\n', StringComparison.Ordinal);
        return lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
    }

    private static string[] CheckPath(IReadOnlyList<string> keyPath)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        if (keyPath.Count == 0)
        {
            throw new ArgumentException("the key path is empty", nameof(keyPath));
        }

        var path = new string[keyPath.Count];
        for (var i = 0; i < path.Length; i++)
        {
            path[i] = keyPath[i] ?? throw new ArgumentException("the key path contains null", nameof(keyPath));
        }

        return path;
    }

    private TomlEditor Transaction() => new(_text, _sourceName);

    private void Adopt(TomlEditor other)
    {
        if (!ReferenceEquals(other, this))
        {
            _text = other._text;
            _layout = other._layout;
            Document = other.Document;
        }
    }

    private void Add(string[] path, object value)
    {
        var parentPath = path[..^1];
        var key = path[^1];
        var parent = LookupTable(parentPath, path);
        var multiline = _newline == "\n";

        if (value is TomlTable || parent is null)
        {
            var sectionPath = value is TomlTable ? path : parentPath;
            var sectionTable = value as TomlTable ?? new TomlTable { { key, value } };
            AppendAtEnd(TomlWriter.WriteSection(sectionPath, sectionTable, multiline));
            return;
        }

        var section = FindSection(parentPath);
        if (section >= 0)
        {
            InsertKeyValue(section, key, value);
            return;
        }

        var dotted = _layout.KeyValues.LastOrDefault(kv => StartsWith(kv.Path, parentPath));
        if (dotted is not null)
        {
            // The table was created by dotted keys: add one more dotted key next to its siblings.
            var sectionPath = _layout.Sections[dotted.Section].Path;
            var relative = path[sectionPath.Length..];
            var line = Indentation(dotted.KeyStart) + TomlKeyFormatter.Join(relative) + " = " + TomlWriter.FormatValue(value, multiline);
            Apply([InsertLine(LineEndAfter(dotted.ValueEnd), line)]);
            return;
        }

        // Only implied by deeper headers so far: give it a section of its own.
        AppendAtEnd(TomlWriter.WriteSection(parentPath, new TomlTable { { key, value } }, multiline));
    }

    private void InsertKeyValue(int section, string key, object value)
    {
        var last = _layout.KeyValues.LastOrDefault(kv => kv.Section == section);
        var line = TomlKeyFormatter.Format(key) + " = " + TomlWriter.FormatValue(value, _newline == "\n");
        if (last is not null)
        {
            Apply([InsertLine(LineEndAfter(last.ValueEnd), Indentation(last.KeyStart) + line)]);
            return;
        }

        if (section > 0)
        {
            Apply([InsertLine(LineEndAfter(_layout.Sections[section].HeaderEnd), line)]);
            return;
        }

        // An empty root: new keys go before the first header and the comments that introduce it.
        var at = _layout.Sections.Count > 1 ? CommentBlockStart(LineStart(_layout.Sections[1].HeaderStart)) : _text.Length;
        Apply([InsertLine(at, line)]);
    }

    private bool RemoveTable(string[] path)
    {
        var edits = new List<TextEdit>();
        for (var s = 1; s < _layout.Sections.Count; s++)
        {
            if (StartsWith(_layout.Sections[s].Path, path))
            {
                edits.Add(new TextEdit(BlankLinesStart(LineStart(_layout.Sections[s].HeaderStart)), SectionContentEnd(s), string.Empty));
            }
        }

        foreach (var kv in _layout.KeyValues)
        {
            if (StartsWith(kv.Path, path) && !StartsWith(_layout.Sections[kv.Section].Path, path))
            {
                edits.Add(new TextEdit(LineStart(kv.KeyStart), LineEndAfter(kv.ValueEnd), string.Empty));
            }
        }

        if (edits.Count == 0)
        {
            return false;
        }

        Apply(edits);
        return true;
    }

    /// <summary>The key/value line that defines exactly this path, if any; ambiguous inside arrays of tables.</summary>
    private TomlLayoutKeyValue? FindKeyValue(string[] path)
    {
        TomlLayoutKeyValue? found = null;
        foreach (var kv in _layout.KeyValues)
        {
            if (kv.Path.AsSpan().SequenceEqual(path))
            {
                if (found is not null)
                {
                    throw Ambiguous(path);
                }

                found = kv;
            }
        }

        return found;
    }

    /// <summary>A key/value line whose inline-table value contains the path.</summary>
    private TomlLayoutKeyValue? FindEnclosingKeyValue(string[] path)
    {
        foreach (var kv in _layout.KeyValues)
        {
            if (kv.Path.Length < path.Length && StartsWith(path, kv.Path))
            {
                if (kv.Value is TomlTable)
                {
                    return kv;
                }

                throw new InvalidOperationException($"{Describe(kv.Path)} is {TomlTypeNames.Describe(kv.Value)}, not a table");
            }
        }

        return null;
    }

    private int FindSection(string[] path)
    {
        var found = -1;
        for (var s = 0; s < _layout.Sections.Count; s++)
        {
            if (_layout.Sections[s].Path.AsSpan().SequenceEqual(path))
            {
                if (found >= 0 || _layout.Sections[s].IsArray)
                {
                    throw Ambiguous(path);
                }

                found = s;
            }
        }

        return found;
    }

    private object? Lookup(string[] path)
    {
        object current = Document;
        foreach (var key in path)
        {
            switch (current)
            {
                case TomlTable table when table.TryGetValue(key, out var next):
                    current = next;
                    break;
                case TomlArray:
                    throw Ambiguous(path);
                default:
                    return null;
            }
        }

        return current;
    }

    /// <summary>The table at <paramref name="path"/>, null when it does not exist yet; throws when something else is in the way.</summary>
    private TomlTable? LookupTable(string[] path, string[] target)
    {
        var table = Document;
        for (var i = 0; i < path.Length; i++)
        {
            if (!table.TryGetValue(path[i], out var next))
            {
                return null;
            }

            table = next switch
            {
                TomlTable child => child,
                TomlArray { Count: > 0 } array when array.All(item => item is TomlTable) => throw Ambiguous(target),
                _ => throw new InvalidOperationException($"cannot set {Describe(target)}: {Describe(path[..(i + 1)])} is {TomlTypeNames.Describe(next)}, not a table"),
            };
        }

        return table;
    }

    private TextEdit RewriteInline(TomlLayoutKeyValue kv, Action<TomlTable> change)
    {
        var copy = (TomlTable)Clone(kv.Value);
        change(copy);
        return new TextEdit(kv.ValueStart, kv.ValueEnd, TomlWriter.FormatValue(copy, _newline == "\n"));
    }

    private static void SetIn(TomlTable table, ReadOnlySpan<string> rest, object value)
    {
        for (var i = 0; i < rest.Length - 1; i++)
        {
            if (!table.TryGetValue(rest[i], out var next))
            {
                next = new TomlTable();
                table[rest[i]] = next;
            }

            table = next as TomlTable ?? throw new InvalidOperationException($"{rest[i]} is {TomlTypeNames.Describe(next)}, not a table");
        }

        table[rest[^1]] = value;
    }

    private static bool RemoveIn(TomlTable table, ReadOnlySpan<string> rest)
    {
        for (var i = 0; i < rest.Length - 1; i++)
        {
            if (!table.TryGetValue(rest[i], out var next) || next is not TomlTable child)
            {
                return false;
            }

            table = child;
        }

        return table.Remove(rest[^1]);
    }

    private static object Clone(object value)
    {
        switch (value)
        {
            case TomlTable table:
                var tableCopy = new TomlTable();
                foreach (var (key, item) in table)
                {
                    tableCopy.Add(key, Clone(item));
                }

                return tableCopy;
            case TomlArray array:
                var arrayCopy = new TomlArray();
                foreach (var item in array)
                {
                    arrayCopy.Add(Clone(item));
                }

                return arrayCopy;
            default:
                return value;
        }
    }

    private void AppendAtEnd(string section)
    {
        var prefix = string.Empty;
        if (_text.Length > 0)
        {
            prefix = _text[^1] == '\n' ? _newline : _newline + _newline;
        }

        Apply([new TextEdit(_text.Length, _text.Length, prefix + section.Replace("\n", _newline, StringComparison.Ordinal))]);
    }

    private TextEdit InsertLine(int at, string line)
    {
        var prefix = at > 0 && _text[at - 1] != '\n' ? _newline : string.Empty;
        return new TextEdit(at, at, prefix + line + _newline);
    }

    /// <summary>Applies non-overlapping edits, re-parses, and only then commits: invalid TOML is never produced.</summary>
    private void Apply(IEnumerable<TextEdit> edits)
    {
        var text = _text;
        foreach (var edit in edits.OrderByDescending(e => e.Start))
        {
            text = string.Concat(text.AsSpan(0, edit.Start), edit.Replacement, text.AsSpan(edit.End));
        }

        TomlTable document;
        TomlLayout layout;
        try
        {
            (document, layout) = Load(text, _sourceName);
        }
        catch (TomlParseException e)
        {
            throw new InvalidOperationException($"the edit would make the document invalid ({e.Message}); the document is unchanged", e);
        }

        _text = text;
        Document = document;
        _layout = layout;
    }

    /// <summary>Where a section's own content ends: after its last key/value line, before comments that lead into the next section.</summary>
    private int SectionContentEnd(int section)
    {
        var end = LineEndAfter(_layout.Sections[section].HeaderEnd);
        foreach (var kv in _layout.KeyValues)
        {
            if (kv.Section == section)
            {
                end = Math.Max(end, LineEndAfter(kv.ValueEnd));
            }
        }

        return end;
    }

    private int LineStart(int index)
    {
        var newline = index == 0 ? -1 : _text.LastIndexOf('\n', index - 1);
        return newline + 1;
    }

    /// <summary>The index just past the line ending of the line containing <paramref name="index"/>.</summary>
    private int LineEndAfter(int index)
    {
        var newline = _text.IndexOf('\n', index);
        return newline < 0 ? _text.Length : newline + 1;
    }

    private string Indentation(int keyStart)
    {
        var start = LineStart(keyStart);
        return _text[start..keyStart];
    }

    /// <summary>Walks back over blank lines above a removed section, so removals do not leave gaps behind.</summary>
    private int BlankLinesStart(int lineStart)
    {
        var start = lineStart;
        while (start > 0)
        {
            var previous = LineStart(start - 1);
            if (!_text.AsSpan(previous, start - previous).IsWhiteSpace())
            {
                break;
            }

            start = previous;
        }

        return start;
    }

    /// <summary>Walks back over comment lines directly above a line, so inserted keys do not split a comment from its header.</summary>
    private int CommentBlockStart(int lineStart)
    {
        var start = lineStart;
        while (start > 0)
        {
            var previous = LineStart(start - 1);
            var line = _text.AsSpan(previous, start - previous).Trim();
            if (line.Length == 0 || line[0] != '#')
            {
                break;
            }

            start = previous;
        }

        return start;
    }

    private static bool StartsWith(string[] path, string[] prefix) =>
        path.Length >= prefix.Length && path.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    private static string Describe(string[] path) => TomlKeyFormatter.Join(path);

    private static InvalidOperationException Ambiguous(string[] path) =>
        new($"cannot edit {Describe(path)}: the path goes through an array of tables, so it does not name one value");

    private readonly record struct TextEdit(int Start, int End, string Replacement);
}
