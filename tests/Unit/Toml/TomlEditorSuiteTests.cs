using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>Edits every key of every valid toml-test case: each edit yields valid TOML with the intended value, or is refused.</summary>
public sealed class TomlEditorSuiteTests
{
    [Fact]
    public void Setting_and_removing_every_key_of_the_suite_keeps_documents_valid()
    {
        var suite = TomlComplianceTests.RequireSuite();
        var failures = new List<string>();
        var edits = 0;
        var refused = 0;
        foreach (var file in suite.ValidCases)
        {
            var text = suite.ReadText(file);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..];
            }

            var original = TomlEditor.Parse(text, file);
            foreach (var path in LeafPaths(original.Document, []))
            {
                foreach (var remove in new[] { false, true })
                {
                    edits++;
                    var editor = TomlEditor.Parse(text, file);
                    try
                    {
                        if (remove)
                        {
                            Assert.True(editor.Remove(path), "remove found nothing");
                            Assert.Null(Find(editor.Document, path));
                        }
                        else
                        {
                            editor.Set(path, "edited\nvalue");
                            Assert.Equal("edited\nvalue", Find(editor.Document, path));
                        }

                        TomlParser.Parse(editor.ToString());
                    }
                    catch (InvalidOperationException)
                    {
                        // Refused (a path through an array of tables names no single value): the text is unchanged.
                        refused++;
                        Assert.Equal(text, editor.ToString());
                    }
#pragma warning disable CA1031 // Every other outcome is a failure to report with the case and the path.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        failures.Add($"{file} {(remove ? "remove" : "set")} {string.Join('.', path)}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage($"TOML editor over toml-test: {edits} edits, {refused} refused, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {edits} edits failed:\n" + string.Join("\n", failures.Take(30)));
    }

    private static IEnumerable<string[]> LeafPaths(TomlTable table, string[] prefix)
    {
        foreach (var (key, value) in table)
        {
            string[] path = [.. prefix, key];
            if (value is TomlTable child && child.Count > 0)
            {
                foreach (var inner in LeafPaths(child, path))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static object? Find(TomlTable table, string[] path)
    {
        object current = table;
        foreach (var key in path)
        {
            if (current is not TomlTable t || !t.TryGetValue(key, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
