using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>The four TOML string kinds and their escapes.</summary>
internal sealed partial class TomlReader
{
    private string ReadBasicString()
    {
        var open = _pos;

        // Fast path: most strings have no escapes and become one substring, found with a vectorised search.
        return TryScanPlainString('"', out var stop) ? _text.Substring(open + 1, stop - open - 1) : ReadEscapedBasicString(stop);
    }

    /// <summary>
    /// Scans a single-line string from its opening quote at the current position to the first quote, backslash
    /// or control character (<paramref name="stop"/>). When that is the closing quote the string has no escapes:
    /// returns true with the position after it, so the caller can take the content as it stands in the source or
    /// keep only its position (see <see cref="TomlSourceMap.PlainStringAt"/>).
    /// </summary>
    private bool TryScanPlainString(char quote, out int stop)
    {
        var stops = quote == '"' ? TomlCharSets.BasicStringStops : TomlCharSets.LiteralStringStops;
        stop = ScanPlain(_pos + 1, stops);
        if (stop < _text.Length && _text[stop] == quote)
        {
            _pos = stop + 1;
            return true;
        }

        return false;
    }

    /// <summary>The rest of a basic string from <paramref name="pos"/>, the first character the fast scan stopped at.</summary>
    private string ReadEscapedBasicString(int pos)
    {
        var text = _text;
        var open = _pos;
        var start = _pos + 1;
        var builder = _buffer.Clear();
        builder.Append(text, start, pos - start);
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '"')
            {
                _pos = pos + 1;
                return builder.ToString();
            }

            if (c == '\\')
            {
                pos = ReadEscape(builder, pos);
                continue;
            }

            var first = pos;
            CheckStringChar(c, ref pos, open, multiline: false);
            builder.Append(text, first, pos - first + 1);
            pos++;
        }

        throw ErrorAt(open, "unterminated string (missing closing '\"')");
    }

    private string ReadLiteralString()
    {
        var open = _pos;
        if (TryScanPlainString('\'', out var pos))
        {
            return _text.Substring(open + 1, pos - open - 1);
        }

        if (pos < _text.Length)
        {
            CheckStringChar(_text[pos], ref pos, open, multiline: false);
        }

        throw ErrorAt(open, "unterminated string (missing closing \"'\")");
    }

    /// <summary>
    /// Finds the next character in <paramref name="stops"/> (quotes, backslashes, control characters) and checks
    /// that the plain run before it has no unpaired surrogates; returns its index, or the text length.
    /// </summary>
    private int ScanPlain(int start, System.Buffers.SearchValues<char> stops)
    {
        var rest = _text.AsSpan(start);
        var length = rest.IndexOfAny(stops);
        if (length < 0)
        {
            length = rest.Length;
        }

        var run = rest[..length];
        var surrogate = run.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (surrogate >= 0)
        {
            var at = CheckSurrogatePair(start + surrogate) + 1 - start;
            var next = run[at..].IndexOfAnyInRange('\uD800', '\uDFFF');
            surrogate = next < 0 ? -1 : at + next;
        }

        return start + length;
    }

    private string ReadMultilineBasicString() => ReadMultiline('"', escapes: true);

    private string ReadMultilineLiteralString() => ReadMultiline('\'', escapes: false);

    private string ReadMultiline(char quote, bool escapes)
    {
        var text = _text;
        var open = _pos;
        var pos = _pos + 3;

        // A newline right after the opening delimiter is not part of the string.
        if (pos < text.Length && text[pos] == '\n')
        {
            pos++;
        }
        else if (pos + 1 < text.Length && text[pos] == '\r' && text[pos + 1] == '\n')
        {
            pos += 2;
        }

        var builder = _buffer.Clear();
        var segment = pos;
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == quote)
            {
                var run = 1;
                while (pos + run < text.Length && text[pos + run] == quote)
                {
                    run++;
                }

                if (run < 3)
                {
                    pos += run;
                    continue;
                }

                if (run > 5)
                {
                    throw ErrorAt(pos + 5, $"too many quotes: at most two {quote} may directly precede the closing {quote}{quote}{quote}");
                }

                // Up to two quotes just before the closing delimiter belong to the string.
                builder.Append(text, segment, pos + run - 3 - segment);
                _pos = pos + run;
                return builder.ToString();
            }

            if (c == '\\' && escapes)
            {
                builder.Append(text, segment, pos - segment);
                pos = TrySkipLineEndingBackslash(pos) ?? ReadEscape(builder, pos);
                segment = pos;
                continue;
            }

            CheckStringChar(c, ref pos, open, multiline: true);
            pos++;
        }

        throw ErrorAt(open, $"unterminated multi-line string (missing closing {quote}{quote}{quote})");
    }

    /// <summary>A backslash ending a line swallows the newline and all whitespace after it.</summary>
    private int? TrySkipLineEndingBackslash(int backslash)
    {
        var text = _text;
        var pos = backslash + 1;
        while (pos < text.Length && (text[pos] == ' ' || text[pos] == '\t'))
        {
            pos++;
        }

        if (pos >= text.Length || (text[pos] != '\n' && !(text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n')))
        {
            return null;
        }

        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == ' ' || c == '\t' || c == '\n')
            {
                pos++;
            }
            else if (c == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n')
            {
                pos += 2;
            }
            else
            {
                break;
            }
        }

        return pos;
    }

    /// <summary>Rejects characters TOML forbids inside strings; advances over a surrogate pair.</summary>
    private void CheckStringChar(char c, ref int pos, int open, bool multiline)
    {
        if (c >= 0x20 && c != 0x7F)
        {
            if (char.IsSurrogate(c))
            {
                pos = CheckSurrogatePair(pos);
            }

            return;
        }

        if (c == '\t')
        {
            return;
        }

        if (multiline)
        {
            if (c == '\n')
            {
                return;
            }

            if (c == '\r' && pos + 1 < _text.Length && _text[pos + 1] == '\n')
            {
                pos++;
                return;
            }
        }
        else if (c is '\n' or '\r')
        {
            throw ErrorAt(open, "unterminated string: a single-line string cannot contain a newline (use \"\"\" for multi-line strings)");
        }

        throw ErrorAt(pos, $"control character {DescribeChar(c)} must be escaped in a string");
    }

    /// <summary>Decodes the escape at <paramref name="backslash"/>; returns the index after it.</summary>
    private int ReadEscape(StringBuilder builder, int backslash)
    {
        var text = _text;
        var pos = backslash + 1;
        var c = pos < text.Length ? text[pos] : '\0';
        switch (c)
        {
            case 'b': builder.Append('\b'); return pos + 1;
            case 't': builder.Append('\t'); return pos + 1;
            case 'n': builder.Append('\n'); return pos + 1;
            case 'f': builder.Append('\f'); return pos + 1;
            case 'r': builder.Append('\r'); return pos + 1;
            case '"': builder.Append('"'); return pos + 1;
            case '\\': builder.Append('\\'); return pos + 1;
            case 'u': return ReadUnicodeEscape(builder, backslash, 4);
            case 'U': return ReadUnicodeEscape(builder, backslash, 8);
            default:
                if (pos >= text.Length)
                {
                    throw ErrorAt(backslash, "unterminated string (ends with a backslash)");
                }

                var shown = c < 0x20 || c == 0x7F || c == ' ' ? DescribeChar(c) : c.ToString();
                throw ErrorAt(backslash, $"invalid escape \\{shown} (valid escapes: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)");
        }
    }

    private int ReadUnicodeEscape(StringBuilder builder, int backslash, int digits)
    {
        var text = _text;
        var start = backslash + 2;
        var value = 0L;
        for (var i = 0; i < digits; i++)
        {
            var digit = start + i < text.Length ? HexValue(text[start + i]) : -1;
            if (digit < 0)
            {
                throw ErrorAt(backslash, $"invalid escape: \\{text[backslash + 1]} needs exactly {digits} hexadecimal digits");
            }

            value = (value << 4) | (long)digit;
        }

        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        {
            var written = text.Substring(backslash, digits + 2);
            throw ErrorAt(backslash, $"invalid escape {written}: not a Unicode scalar value");
        }

        if (value < 0x10000)
        {
            builder.Append((char)value);
        }
        else
        {
            builder.Append(char.ConvertFromUtf32((int)value));
        }

        return start + digits;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
