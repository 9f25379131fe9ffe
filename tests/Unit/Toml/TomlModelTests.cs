using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>The model Core validates against: document order, key paths, positions and typed accessors.</summary>
public sealed class TomlModelTests
{
    private const string InfraMeta = """
        # infra_meta.toml
        name = "edge-01"

        [web]
        code_url = "https://example.invalid/repo.git"
        code_commit_hash = 1234
        interval = 60

        [[web.config_files]]
        path = "/etc/app.conf"

        [[web.config_files]]
        path = "/etc/other.conf"
        """;

    [Fact]
    public void Tables_keep_document_order_and_positions()
    {
        var doc = TomlParser.Parse("z = 1\na = 2\n[m]\nk = 3\n", "f.toml");
        Assert.Equal(["z", "a", "m"], doc.Keys);
        Assert.Equal(new TomlPosition(2, 1), doc.GetKeyPosition("a"));
        var m = doc.GetTable("m");
        Assert.Equal(new TomlPosition(3, 1), m.Position);
        Assert.Equal("m", m.KeyPath);
        Assert.Equal("f.toml", m.SourceName);
    }

    [Fact]
    public void Tables_in_arrays_have_indexed_key_paths()
    {
        var doc = TomlParser.Parse(InfraMeta, "infra_meta.toml");
        var files = doc.GetTable("web").GetArray("config_files");
        Assert.Equal("web.config_files", files.KeyPath);
        Assert.Equal("web.config_files[1]", ((TomlTable)files[1]).KeyPath);
        Assert.Equal("/etc/other.conf", ((TomlTable)files[1]).GetString("path"));
    }

    [Fact]
    public void Wrong_type_names_key_path_expected_and_found()
    {
        var web = TomlParser.Parse(InfraMeta, "infra_meta.toml").GetTable("web");
        var error = Assert.Throws<TomlTypeException>(() => web.GetString("code_commit_hash"));
        Assert.Equal("infra_meta.toml:6:1: web.code_commit_hash: expected a string, found an integer", error.Message);
        Assert.Equal("web.code_commit_hash", error.KeyPath);
        Assert.Equal(new TomlPosition(6, 1), error.Position);
    }

    [Fact]
    public void Missing_key_names_the_table_and_the_key()
    {
        var web = TomlParser.Parse(InfraMeta, "infra_meta.toml").GetTable("web");
        var error = Assert.Throws<TomlMissingKeyException>(() => web.GetString("branch"));
        Assert.Equal("infra_meta.toml:4:1: web: required key \"branch\" is missing", error.Message);
    }

    [Fact]
    public void Try_accessors_return_false_when_absent_and_throw_on_wrong_type()
    {
        var web = TomlParser.Parse(InfraMeta, "infra_meta.toml").GetTable("web");
        Assert.False(web.TryGetString("branch", out _));
        Assert.True(web.TryGetInteger("interval", out var interval));
        Assert.Equal(60, interval);
        Assert.True(web.TryGetFloat("interval", out var asFloat));
        Assert.Equal(60.0, asFloat);
        Assert.Equal(60.0, web.GetFloat("interval"));
        Assert.Throws<TomlTypeException>(() => web.TryGetBoolean("interval", out _));
        Assert.Throws<TomlTypeException>(() => web.TryGetTable("code_url", out _));
    }

    [Theory]
    [InlineData("x = 'a'", "a string")]
    [InlineData("x = 1", "an integer")]
    [InlineData("x = 1.5", "a float")]
    [InlineData("x = true", "a boolean")]
    [InlineData("x = 1979-05-27T07:32:00Z", "an offset date-time")]
    [InlineData("x = 1979-05-27T07:32:00", "a local date-time")]
    [InlineData("x = 1979-05-27", "a local date")]
    [InlineData("x = 07:32:00", "a local time")]
    [InlineData("x = []", "an array")]
    [InlineData("x = {}", "a table")]
    public void Type_names_read_as_words(string text, string name) =>
        Assert.Equal(name, TomlTypeNames.Describe(TomlParser.Parse(text)["x"]));

    [Fact]
    public void Indexer_replaces_in_place_and_remove_keeps_order()
    {
        var table = new TomlTable { { "a", 1L }, { "b", 2L }, { "c", 3L } };
        table["a"] = "one";
        Assert.True(table.Remove("b"));
        Assert.False(table.Remove("b"));
        Assert.Equal(["a", "c"], table.Keys);
        Assert.Equal("one", table["a"]);
        Assert.Throws<KeyNotFoundException>(() => table["b"]);
        Assert.Null(table.GetKeyPosition("a"));
    }

    [Fact]
    public void Large_tables_stay_ordered_and_searchable()
    {
        var table = new TomlTable();
        for (var i = 0; i < 50; i++)
        {
            table.Add($"k{i}", (long)i);
        }

        table.Remove("k10");
        Assert.Equal(49, table.Count);
        Assert.Equal(11L, table["k11"]);
        Assert.Equal("k11", table.Keys.ElementAt(10));
    }

    [Fact]
    public void Programmatic_children_get_key_paths_for_their_errors()
    {
        var root = new TomlTable();
        var web = new TomlTable { { "port", "eighty" } };
        root["web"] = web;
        var error = Assert.Throws<TomlTypeException>(() => web.GetInteger("port"));
        Assert.Equal("web.port: expected an integer, found a string", error.Message);
    }

    [Fact]
    public void Date_and_time_values_print_as_toml()
    {
        var doc = TomlParser.Parse("a = 1979-05-27T07:32:00.5\nb = 1979-05-27\nc = 07:32:00.999999\nd = 1979-05-27T00:32:00.123456789-07:00");
        Assert.Equal("1979-05-27T07:32:00.5", doc["a"].ToString());
        Assert.Equal("1979-05-27", doc["b"].ToString());
        Assert.Equal("07:32:00.999999", doc["c"].ToString());
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromHours(-7)).AddTicks(1234567), doc.GetOffsetDateTime("d"));
    }

    [Fact]
    public void File_read_uses_the_path_as_source_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"toml-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "a = \n");
        try
        {
            var error = Assert.Throws<TomlParseException>(() => TomlFile.Read(path));
            Assert.Equal(path, error.SourceName);
            Assert.StartsWith(path + ":1:5: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
