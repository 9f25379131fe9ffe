using GitOpsAgent.Toml;
using GitOpsAgent.TomlDecoder;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>What the writer produces for the agent's own files, and that it always reads back.</summary>
public sealed class TomlWriterTests
{
    [Fact]
    public void Writes_sections_arrays_of_tables_and_multiline_strings()
    {
        var report = new TomlTable
        {
            { "status", "failed" },
            { "log", "line one\nline \"two\"\n" },
            { "ratio", 2.0 },
            { "health", new TomlTable { { "ok", false } } },
            { "checks", new TomlArray { new TomlTable { { "name", "disk" } }, new TomlTable { { "name", "net" } } } },
        };

        var text = TomlWriter.Write(report);

        Assert.Equal(
            "status = \"failed\"\nlog = \"\"\"\nline one\nline \"two\"\n\"\"\"\nratio = 2.0\n\n[health]\nok = false\n\n[[checks]]\nname = \"disk\"\n\n[[checks]]\nname = \"net\"\n",
            text);
        AssertRoundTrip(report);
    }

    [Theory]
    [InlineData("\"\"\"")]
    [InlineData("ends with quote\"")]
    [InlineData("ends with two\"\"\n\"\"")]
    [InlineData("crlf\r\nand bare cr\r")]
    [InlineData("\n\nleading newlines")]
    [InlineData("tab\tand \u0001 control and \u007f and \\ backslash\n")]
    [InlineData("\"\"\"\"\"\"\n\"")]
    [InlineData("C:\\path\\to\\file")]
    public void Strings_round_trip_exactly(string value)
    {
        var table = new TomlTable { { "s", value }, { "inline", new TomlArray { new TomlTable { { "s", value } } } } };
        var reread = AssertRoundTrip(table);
        Assert.Equal(value, reread["s"]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.5)]
    [InlineData(100.0)]
    [InlineData(1e300)]
    [InlineData(5e-324)]
    [InlineData(0.1)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Floats_stay_floats_with_the_same_value(double value)
    {
        var reread = AssertRoundTrip(new TomlTable { { "f", value } });
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits((double)reread["f"]));
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        var reread = AssertRoundTrip(new TomlTable { { "f", -0.0 } });
        Assert.True(double.IsNegative((double)reread["f"]));
    }

    [Fact]
    public void Sub_tables_before_scalars_keep_their_place()
    {
        var doc = TomlParser.Parse("a.b = 1\nc = 2\n[d]\ne = {}\nf = 3\n");
        var reread = AssertRoundTrip(doc);
        Assert.Equal(["a", "c", "d"], reread.Keys);
        Assert.Equal(["e", "f"], reread.GetTable("d").Keys);
    }

    [Fact]
    public void Keys_are_quoted_only_when_needed()
    {
        var text = TomlWriter.Write(new TomlTable { { "bare-key_1", 1L }, { "needs quote", 2L }, { "", 3L }, { "ünï", 4L } });
        Assert.Equal("bare-key_1 = 1\n\"needs quote\" = 2\n\"\" = 3\n\"ünï\" = 4\n", text);
    }

    [Fact]
    public void Empty_tables_and_arrays_survive()
    {
        var table = new TomlTable { { "empty", new TomlTable() }, { "list", new TomlArray() }, { "nested", new TomlTable { { "inner", new TomlTable() } } } };
        var reread = AssertRoundTrip(table);
        Assert.Empty(reread.GetTable("nested").GetTable("inner"));
    }

    [Fact]
    public void Output_is_deterministic()
    {
        var doc = TomlParser.Parse("x = [1, 2.5, 'a', { b = 1979-05-27 }]\n[t]\nu = 07:00:00\n");
        Assert.Equal(TomlWriter.Write(doc), TomlWriter.Write(TomlParser.Parse(TomlWriter.Write(doc))));
    }

    [Fact]
    public void Values_outside_the_model_are_refused()
    {
        Assert.Throws<TomlException>(() => TomlWriter.Write(new TomlTable { { "x", new object() } }));
        Assert.Throws<TomlException>(() => TomlWriter.Write(new TomlTable { { "x", "bad" + (char)0xDC00 } }));
    }

    private static TomlTable AssertRoundTrip(TomlTable table)
    {
        var text = TomlWriter.Write(table);
        var reread = TomlParser.Parse(text);
        Assert.Equal(TaggedJsonEncoder.Encode(table), TaggedJsonEncoder.Encode(reread));
        return reread;
    }
}
