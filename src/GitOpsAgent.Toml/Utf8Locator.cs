using System.Buffers;
using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>Finds the first invalid UTF-8 sequence and reports it by line and column, for the rare bad file.</summary>
internal static class Utf8Locator
{
    public static TomlParseException InvalidUtf8Error(ReadOnlySpan<byte> utf8, string? sourceName)
    {
        var line = 1;
        var column = 1;
        var rest = utf8;
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                var shown = Convert.ToHexString(rest[..Math.Max(consumed, 1)]);
                return new TomlParseException($"invalid UTF-8 byte sequence 0x{shown} (the file must be UTF-8 encoded)", sourceName, line, column);
            }

            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }

            rest = rest[consumed..];
        }

        return new TomlParseException("invalid UTF-8", sourceName, line, column);
    }
}
