using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>Errors an operator reads: file, line, column and what was expected, in words.</summary>
public sealed class TomlParserErrorTests
{
    [Theory]
    [InlineData("code_url \"x\"", 1, 10, "expected '=' after key \"code_url\", found '\"'")]
    [InlineData("a = \"abc", 1, 5, "unterminated string (missing closing '\"')")]
    [InlineData("x = 1\ny = 2\nx = 3", 3, 1, "duplicate key \"x\" (first defined at line 1)")]
    [InlineData("s = \"a\\qb\"", 1, 7, "invalid escape \\q (valid escapes: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")]
    [InlineData("n = 9223372036854775808", 1, 5, "integer out of 64-bit range")]
    [InlineData("n = -9223372036854775809", 1, 5, "integer out of 64-bit range")]
    [InlineData("n = 0x8000000000000000", 1, 5, "integer out of 64-bit range")]
    [InlineData("[a]\n[a]", 2, 2, "duplicate table [a] (first defined at line 1)")]
    [InlineData("a = 1 b = 2", 1, 7, "expected a newline or comment after a value, found 'b'")]
    [InlineData("a = 01", 1, 5, "leading zeros are not allowed in numbers")]
    [InlineData("a = 1__0", 1, 6, "an underscore in a number must be between two digits")]
    [InlineData("a = {b = 1,}", 1, 12, "trailing comma is not allowed in an inline table")]
    [InlineData("d = 2023-02-30", 1, 13, "day 30 is out of range for 2023-02")]
    [InlineData("t = 25:00:00", 1, 5, "hour 25 is out of range (00-23)")]
    [InlineData("a = [1 2]", 1, 8, "expected ',' or ']' after an array element, found '2'")]
    [InlineData("a = \"\u00e9\u00e9\" x", 1, 10, "expected a newline or comment after a value, found 'x'")]
    [InlineData("a = \"\\uD800\"", 1, 6, "invalid escape \\uD800: not a Unicode scalar value")]
    [InlineData("a\r= 1", 1, 2, "expected '=' after key \"a\", found end of line")]
    public void Reports_position_and_reason(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<TomlParseException>(() => TomlParser.Parse(text, "infra_meta.toml"));
        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal($"infra_meta.toml:{line}:{column}: {reason}", error.Message);
    }

    [Fact]
    public void Message_has_no_source_prefix_without_a_source_name()
    {
        var error = Assert.Throws<TomlParseException>(() => TomlParser.Parse("a ="));
        Assert.Null(error.SourceName);
        Assert.Equal("1:4: expected a value, found end of file", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_its_position()
    {
        byte[] bytes = [.. "a = 1\nb = \""u8, 0xC3, 0x28, .. "\"\n"u8];
        var error = Assert.Throws<TomlParseException>(() => TomlParser.Parse(bytes, "f.toml"));
        Assert.Equal((2, 6), (error.Line, error.Column));
        Assert.StartsWith("invalid UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_order_mark_is_skipped()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "a = 1\n"u8];
        Assert.Equal(1L, TomlParser.Parse(bytes)["a"]);
    }

    [Theory]
    [InlineData("a = \"\u0001\"")]
    [InlineData("# comment \u007f\n")]
    [InlineData("a = 1\rb = 2")]
    public void Forbidden_characters_are_rejected(string text) =>
        Assert.Throws<TomlParseException>(() => TomlParser.Parse(text));

    [Fact]
    public void Unpaired_surrogates_are_rejected()
    {
        var text = "a = \"" + (char)0xD800 + "\"";
        var error = Assert.Throws<TomlParseException>(() => TomlParser.Parse(text));
        Assert.Equal((1, 6), (error.Line, error.Column));
    }
}
