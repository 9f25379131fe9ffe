using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>Reads TOML 1.0.0 documents. Any input either parses or raises <see cref="TomlParseException"/>.</summary>
public static class TomlParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a document; <paramref name="sourceName"/> prefixes error messages and is kept on every table.</summary>
    public static TomlTable Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TomlReader.Read(text, sourceName);
    }

    /// <summary>Parses UTF-8 bytes, dropping a leading byte order mark and rejecting invalid UTF-8 with its position.</summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? sourceName = null) =>
        TomlReader.Read(Decode(utf8, sourceName), sourceName);

    internal static string Decode(ReadOnlySpan<byte> utf8, string? sourceName)
    {
        if (utf8.StartsWith("\xEF\xBB\xBF"u8))
        {
            utf8 = utf8[3..];
        }

        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw Utf8Locator.InvalidUtf8Error(utf8, sourceName);
        }
    }
}
