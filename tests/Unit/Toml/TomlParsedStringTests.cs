using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>
/// Escape-free strings are spelled from the source on first read (see <c>TomlSourceMap.PlainStringAt</c>).
/// Every way of reading or changing a parsed model must see exactly the strings the document holds.
/// </summary>
public sealed class TomlParsedStringTests
{
    private const string Document = """"
        plain = "https://example.invalid/a.git"
        literal = 'C:\temp\no "escapes" here'
        escaped = "tab\there \u00e9"
        empty = ""
        empty_literal = ''
        multi = """
        two
        lines"""
        quote_in_literal = 'say "hi"'
        apostrophe_in_basic = "it's"
        unicode = "grüße 🚀"
        list = ["a", 'b', "c\n", "", 'd e', 1]
        inline = { name = "web", path = '/srv/web' }
        nested = [["x", "y"], ["z"]]

        [[apps]]
        name = "web"
        url = "file:///srv/web.git"

        [[apps]]
        name = 'db'
        url = "file:///srv/db.git"
        """";

    [Fact]
    public void Every_kind_of_string_reads_back_exactly()
    {
        var doc = TomlParser.Parse(Document, "d.toml");

        Assert.Equal("https://example.invalid/a.git", doc.GetString("plain"));
        Assert.Equal("C:\\temp\\no \"escapes\" here", doc.GetString("literal"));
        Assert.Equal("tab\there \u00e9", doc.GetString("escaped"));
        Assert.Equal(string.Empty, doc.GetString("empty"));
        Assert.Equal(string.Empty, doc.GetString("empty_literal"));
        Assert.Equal("two\nlines", doc.GetString("multi"));
        Assert.Equal("say \"hi\"", doc.GetString("quote_in_literal"));
        Assert.Equal("it's", doc.GetString("apostrophe_in_basic"));
        Assert.Equal("grüße 🚀", doc.GetString("unicode"));
        Assert.Equal(new object[] { "a", "b", "c\n", string.Empty, "d e", 1L }, doc.GetArray("list"));
        Assert.Equal("/srv/web", doc.GetTable("inline").GetString("path"));
        Assert.Equal("y", ((TomlArray)doc.GetArray("nested")[0])[1]);
        var apps = doc.GetArray("apps");
        Assert.Equal("db", ((TomlTable)apps[1]).GetString("name"));
        Assert.Equal("file:///srv/web.git", ((TomlTable)apps[0])["url"]);
    }

    [Fact]
    public void Strings_read_the_same_through_indexer_try_get_and_enumeration()
    {
        var byIndexer = TomlParser.Parse(Document);
        var byTryGet = TomlParser.Parse(Document);
        var byEnumeration = TomlParser.Parse(Document);

        foreach (var (key, value) in byEnumeration)
        {
            Assert.True(byTryGet.TryGetValue(key, out var found));
            Assert.Equal(value, found);
            Assert.Equal(value, byIndexer[key]);
        }

        Assert.True(byTryGet.TryGetString("literal", out var literal));
        Assert.Equal("C:\\temp\\no \"escapes\" here", literal);
        Assert.Same(byIndexer["plain"], byIndexer["plain"]);
    }

    [Fact]
    public void A_wrong_type_error_names_the_string_it_found()
    {
        var doc = TomlParser.Parse("port = 'eighty'\n", "agent.toml");

        var error = Assert.Throws<TomlTypeException>(() => doc.GetInteger("port"));

        Assert.Equal("agent.toml:1:1: port: expected an integer, found a string", error.Message);
    }

    [Fact]
    public void Array_reads_copies_and_searches_see_every_string()
    {
        var list = TomlParser.Parse(Document).GetArray("list");

        Assert.Equal(3, list.IndexOf("d e") - 1);
        Assert.Contains("b", list);
        var copy = new object[list.Count];
        list.CopyTo(copy, 0);
        Assert.Equal(new object[] { "a", "b", "c\n", string.Empty, "d e", 1L }, copy);
        Assert.Equal(new object[] { "a", "b", "c\n", string.Empty, "d e", 1L }, list.ToArray());
    }

    [Fact]
    public void Inserting_and_removing_array_items_keeps_the_unread_strings_in_place()
    {
        var first = TomlParser.Parse(Document).GetArray("list");
        first.Insert(0, "new");
        first.RemoveAt(2);
        Assert.Equal(new object[] { "new", "a", "c\n", string.Empty, "d e", 1L }, first);

        var second = TomlParser.Parse(Document).GetArray("list");
        second.RemoveAt(0);
        second.Add("tail");
        second[0] = "B";
        Assert.Equal(new object[] { "B", "c\n", string.Empty, "d e", 1L, "tail" }, second);

        var third = TomlParser.Parse("a = ['x', 'y', 'z', 'w']\n").GetArray("a");
        third.Add("v");
        Assert.Equal(new object[] { "x", "y", "z", "w", "v" }, third);
        third.Clear();
        third.Add("only");
        Assert.Equal(new object[] { "only" }, third);
    }

    [Fact]
    public void Setting_and_removing_keys_around_unread_strings_keeps_the_others()
    {
        var doc = TomlParser.Parse(Document);

        doc["plain"] = "replaced";
        Assert.True(doc.Remove("literal"));
        doc["added"] = "new";

        Assert.Equal("replaced", doc.GetString("plain"));
        Assert.False(doc.ContainsKey("literal"));
        Assert.Equal("tab\there \u00e9", doc.GetString("escaped"));
        Assert.Equal("it's", doc.GetString("apostrophe_in_basic"));
        Assert.Equal("new", doc.GetString("added"));
    }

    [Fact]
    public void Writing_a_parsed_document_spells_every_string()
    {
        var doc = TomlParser.Parse(Document);

        var again = TomlParser.Parse(TomlWriter.Write(doc));

        Assert.Equal(TomlWriter.Write(doc), TomlWriter.Write(again));
        Assert.Equal("C:\\temp\\no \"escapes\" here", again.GetString("literal"));
        Assert.Equal("d e", again.GetArray("list")[4]);
    }

    [Fact]
    public async Task Readers_on_several_threads_all_see_the_same_strings()
    {
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"k{i} = \"value {i}\"\nl{i} = ['a{i}', \"b{i}\"]\n"));
        var doc = TomlParser.Parse(text);
        using var start = new ManualResetEventSlim();

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.Wait();
            var wrong = 0;
            for (var i = 0; i < 2000; i++)
            {
                var array = doc.GetArray($"l{i}");
                if (doc.GetString($"k{i}") != $"value {i}" || (string)array[0] != $"a{i}" || (string)array[1] != $"b{i}")
                {
                    wrong++;
                }
            }

            return wrong;
        })).ToArray();
        start.Set();

        Assert.All(await Task.WhenAll(readers), wrong => Assert.Equal(0, wrong));
    }

    [Fact]
    public void The_editor_still_replaces_a_string_value_in_place()
    {
        const string text = "# agent\nbranch = 'main' # which branch\nurl = \"file:///srv/x.git\"\n";
        var editor = TomlEditor.Parse(text, "agent.toml");

        editor.Set(["branch"], "prod");

        Assert.Equal("# agent\nbranch = \"prod\" # which branch\nurl = \"file:///srv/x.git\"\n", editor.ToString());
        Assert.Equal("file:///srv/x.git", editor.Document.GetString("url"));
    }
}
