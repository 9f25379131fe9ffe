using System.Globalization;

namespace GitOpsAgent.Toml;

/// <summary>Whitespace, comments, newlines, positions and error reporting shared by the rest of the reader.</summary>
internal sealed partial class TomlReader
{
    // Positions are asked for in increasing order while parsing, so lines are counted once, incrementally.
    private int _trackedIndex;
    private int _trackedLine = 1;
    private int _trackedLineStart;

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void SkipWhitespace()
    {
        var text = _text;
        var pos = _pos;
        while (pos < text.Length && (text[pos] == ' ' || text[pos] == '\t'))
        {
            pos++;
        }

        _pos = pos;
    }

    /// <summary>Skips spaces, tabs, comments and newlines: the filler allowed between array elements.</summary>
    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == ' ' || c == '\t' || c == '\n')
            {
                _pos++;
            }
            else if (c == '\r')
            {
                ExpectNewline();
            }
            else if (c == '#')
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Skips a comment up to (not including) its line ending, rejecting control characters TOML forbids there.</summary>
    private void SkipComment()
    {
        var text = _text;
        var pos = _pos + 1;
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '\n')
            {
                break;
            }

            if (c < 0x20 || c == 0x7F)
            {
                if (c == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n')
                {
                    break;
                }

                if (c != '\t')
                {
                    throw ErrorAt(pos, $"control character {DescribeChar(c)} is not allowed in a comment");
                }
            }
            else if (char.IsSurrogate(c))
            {
                pos = CheckSurrogatePair(pos);
            }

            pos++;
        }

        _pos = pos;
    }

    /// <summary>Consumes LF or CRLF at the current position.</summary>
    private void ExpectNewline()
    {
        var c = Current;
        if (c == '\n')
        {
            _pos++;
        }
        else if (c == '\r' && Peek(1) == '\n')
        {
            _pos += 2;
        }
        else if (c == '\r')
        {
            throw ErrorAt(_pos, "carriage return must be followed by a line feed");
        }
        else
        {
            throw ErrorAt(_pos, $"expected a newline, found {DescribeAt(_pos)}");
        }
    }

    /// <summary>After a key/value pair or a header only a comment may follow on the same line.</summary>
    private void ExpectEndOfLine(string after)
    {
        SkipWhitespace();
        if (AtEnd)
        {
            return;
        }

        var c = _text[_pos];
        if (c == '#')
        {
            SkipComment();
            if (AtEnd)
            {
                return;
            }

            c = _text[_pos];
        }

        if (c == '\n' || c == '\r')
        {
            ExpectNewline();
            return;
        }

        throw ErrorAt(_pos, $"expected a newline or comment after {after}, found {DescribeChar(c)}");
    }

    /// <summary>A high surrogate must be followed by a low one; returns the index of the last char of the pair.</summary>
    private int CheckSurrogatePair(int pos)
    {
        var text = _text;
        if (char.IsHighSurrogate(text[pos]) && pos + 1 < text.Length && char.IsLowSurrogate(text[pos + 1]))
        {
            return pos + 1;
        }

        throw ErrorAt(pos, "invalid UTF-16 surrogate (the text is not valid Unicode)");
    }

    private TomlPosition PositionOf(int index)
    {
        if (index < _trackedIndex)
        {
            _trackedIndex = 0;
            _trackedLine = 1;
            _trackedLineStart = 0;
        }

        var span = _text.AsSpan(_trackedIndex, Math.Min(index, _text.Length) - _trackedIndex);
        int newline;
        while ((newline = span.IndexOf('\n')) >= 0)
        {
            _trackedLine++;
            _trackedIndex += newline + 1;
            _trackedLineStart = _trackedIndex;
            span = span[(newline + 1)..];
        }

        _trackedIndex += span.Length;
        var column = index - _trackedLineStart + 1;
        for (var i = _trackedLineStart; i < index && i < _text.Length; i++)
        {
            if (char.IsLowSurrogate(_text[i]))
            {
                column--;
            }
        }

        return new TomlPosition(_trackedLine, column);
    }

    private TomlParseException ErrorAt(int index, string reason)
    {
        var position = PositionOf(index);
        return new TomlParseException(reason, _sourceName, position.Line, position.Column);
    }

    private static string DescribeChar(char c) => c switch
    {
        '\n' or '\r' => "end of line",
        '\t' => "a tab",
        ' ' => "a space",
        _ when c < 0x20 || c == 0x7F => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
        '\'' => "\"'\"",
        _ => "'" + c + "'",
    };

    private string DescribeAt(int index) => index >= _text.Length ? "end of file" : DescribeChar(_text[index]);
}
