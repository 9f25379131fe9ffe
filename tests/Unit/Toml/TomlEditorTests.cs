using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>Edits keep every untouched byte: comments, blank lines, spacing, key order and line endings.</summary>
public sealed class TomlEditorTests
{
    private const string AgentConfig = """
        # GitOps agent configuration
        # Maintained by the site operator; keep the comments.

        interval = 30        # seconds between polls
        repo_url = "https://git.example.invalid/site.git"

        [web]
          # where the code lives
          code_url = "https://example.invalid/app.git"
          branch = 'main'   # production branch

        # Health reporting settings follow.
        [health]
        enabled = true
        notes = '''
        first line
        second line
        '''

        # trailing comment
        """;

    [Fact]
    public void Replacing_a_value_keeps_spacing_and_trailing_comment()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        editor.Set(["interval"], 60L);
        Assert.Equal(AgentConfig.Replace("interval = 30        #", "interval = 60        #", StringComparison.Ordinal), editor.ToString());
        Assert.Equal(60L, editor.Document["interval"]);
    }

    [Fact]
    public void Replacing_a_nested_value_touches_only_that_value()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        editor.Set(["web", "branch"], "release");
        Assert.Equal(AgentConfig.Replace("branch = 'main'", "branch = \"release\"", StringComparison.Ordinal), editor.ToString());
    }

    [Fact]
    public void New_key_goes_after_the_last_key_of_its_section_with_its_indentation()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        editor.Set(["web", "token_file"], "/etc/gitops/token");
        var expected = AgentConfig.Replace(
            "branch = 'main'   # production branch\n",
            "branch = 'main'   # production branch\n  token_file = \"/etc/gitops/token\"\n",
            StringComparison.Ordinal);
        Assert.Equal(expected, editor.ToString());
    }

    [Fact]
    public void New_root_key_goes_before_the_first_section()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        editor.Set(["log_level"], "info");
        var expected = AgentConfig.Replace(
            "site.git\"\n",
            "site.git\"\nlog_level = \"info\"\n",
            StringComparison.Ordinal);
        Assert.Equal(expected, editor.ToString());
    }

    [Fact]
    public void Key_after_a_multiline_value_goes_after_the_whole_value()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        editor.Set(["health", "port"], 8080L);
        Assert.Contains("second line\n'''\nport = 8080\n\n# trailing comment", editor.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_table_becomes_a_section_at_the_end()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        editor.Set(["proxy", "url"], "http://proxy:3128");
        Assert.Equal(AgentConfig + "\n\n[proxy]\nurl = \"http://proxy:3128\"\n", editor.ToString());
        Assert.Equal("http://proxy:3128", editor.Document.GetTable("proxy").GetString("url"));
    }

    [Fact]
    public void Removing_a_key_removes_only_its_lines()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        Assert.True(editor.Remove(["health", "notes"]));
        Assert.Equal(AgentConfig.Replace("notes = '''\nfirst line\nsecond line\n'''\n", string.Empty, StringComparison.Ordinal), editor.ToString());
        Assert.False(editor.Remove(["health", "notes"]));
    }

    [Fact]
    public void Removing_a_table_keeps_the_comments_that_lead_into_the_next_section()
    {
        var editor = TomlEditor.Parse(AgentConfig);
        Assert.True(editor.Remove(["web"]));
        var start = AgentConfig.IndexOf("\n[web]", StringComparison.Ordinal);
        var end = AgentConfig.IndexOf("\n# Health", StringComparison.Ordinal);
        Assert.Equal(AgentConfig.Remove(start, end - start), editor.ToString());
        Assert.Contains("site.git\"\n\n# Health reporting", editor.ToString(), StringComparison.Ordinal);
        Assert.False(editor.Document.ContainsKey("web"));
    }

    [Fact]
    public void Crlf_files_stay_crlf()
    {
        var crlf = AgentConfig.Replace("\n", "\r\n", StringComparison.Ordinal);
        var editor = TomlEditor.Parse(crlf);
        editor.Set(["web", "depth"], 1L);
        editor.Set(["proxy", "note"], "two\nlines");
        var text = editor.ToString();
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith(crlf[..crlf.IndexOf("# Health", StringComparison.Ordinal)].Replace("production branch\r\n", "production branch\r\n  depth = 1\r\n", StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.Equal("two\nlines", editor.Document.GetTable("proxy").GetString("note"));
    }

    [Fact]
    public void Dotted_keys_and_inline_tables_are_edited_where_they_are()
    {
        var editor = TomlEditor.Parse("site.name = \"a\" # name\nsite.zone = 'x'\nowner = { name = \"ops\", mail = \"ops@x\" } # who\n");
        editor.Set(["site", "rack"], 4L);
        editor.Set(["owner", "mail"], "noc@x");
        editor.Set(["owner", "pager", "number"], 5L);
        Assert.Equal(
            "site.name = \"a\" # name\nsite.zone = 'x'\nsite.rack = 4\nowner = { name = \"ops\", mail = \"noc@x\", pager = { number = 5 } } # who\n",
            editor.ToString());
        Assert.True(editor.Remove(["owner", "pager"]));
        Assert.True(editor.Remove(["site"]));
        Assert.Equal("owner = { name = \"ops\", mail = \"noc@x\" } # who\n", editor.ToString());
    }

    [Fact]
    public void Replacing_a_table_with_a_scalar_removes_its_section()
    {
        var editor = TomlEditor.Parse("a = 1\n\n[t]\nx = 1\n\n[t.sub]\ny = 2\n\n[u]\nz = 3\n");
        editor.Set(["t"], "flat");
        Assert.Equal("a = 1\nt = \"flat\"\n\n[u]\nz = 3\n", editor.ToString());
    }

    [Fact]
    public void Setting_a_table_value_writes_a_section()
    {
        var editor = TomlEditor.Parse("a = 1\n");
        editor.Set(["t"], new TomlTable { { "x", 1L }, { "list", new TomlArray { "a", "b" } } });
        Assert.Equal("a = 1\n\n[t]\nx = 1\nlist = [\"a\", \"b\"]\n", editor.ToString());
    }

    [Fact]
    public void Edits_that_would_break_the_document_are_refused_and_change_nothing()
    {
        var editor = TomlEditor.Parse("a = 1\n[[items]]\nx = 1\n[[items]]\nx = 2\n");
        Assert.Throws<InvalidOperationException>(() => editor.Set(["items", "x"], 3L));
        Assert.Throws<InvalidOperationException>(() => editor.Set(["a", "b"], 3L));
        Assert.Throws<TomlException>(() => editor.Set(["c"], new object()));
        Assert.Equal("a = 1\n[[items]]\nx = 1\n[[items]]\nx = 2\n", editor.ToString());
    }

    [Fact]
    public void Empty_document_gets_keys_and_sections()
    {
        var editor = TomlEditor.Parse(string.Empty);
        editor.Set(["a"], true);
        editor.Set(["t", "b"], 2.5);
        Assert.Equal("a = true\n\n[t]\nb = 2.5\n", editor.ToString());
    }

    [Fact]
    public void Document_without_final_newline_is_extended_cleanly()
    {
        var editor = TomlEditor.Parse("[t]\nx = 1");
        editor.Set(["t", "y"], 2L);
        Assert.Equal("[t]\nx = 1\ny = 2\n", editor.ToString());
    }

    [Fact]
    public void Invalid_input_raises_the_parse_exception() =>
        Assert.Throws<TomlParseException>(() => TomlEditor.Parse("a = ", "agent.toml"));
}
