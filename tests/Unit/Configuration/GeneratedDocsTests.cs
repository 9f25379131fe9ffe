using GitOpsAgent.Core.Configuration.Schema;

namespace GitOpsAgent.Tests.Unit.Configuration;

/// <summary>
/// The files written from the key schemas (README key tables, JSON Schemas, the config template) match what the
/// schemas say now. `pwsh ./build.ps1 -Task Docs` (GITOPS_UPDATE_DOCS=1) rewrites them; review the diff.
/// </summary>
public sealed class GeneratedDocsTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("GITOPS_UPDATE_DOCS") == "1";

    [Fact]
    public void The_JSON_Schemas_are_current() =>
        AssertCurrent(Path.Combine("schema", ConfigJsonSchema.AgentConfigFileName), ConfigJsonSchema.AgentConfig());

    [Fact]
    public void The_infra_meta_JSON_Schema_is_current() =>
        AssertCurrent(Path.Combine("schema", ConfigJsonSchema.InfraMetaFileName), ConfigJsonSchema.InfraMeta());

    [Fact]
    public void The_example_config_repo_carries_the_current_infra_meta_schema() =>
        AssertCurrent(Path.Combine("examples", "deploy-config", "schema", ConfigJsonSchema.InfraMetaFileName), ConfigJsonSchema.InfraMeta());

    [Fact]
    public void The_config_template_is_current() =>
        AssertCurrent(Path.Combine("scripts", "config.template.toml"), AgentConfigTemplateWriter.Text());

    [Theory]
    [InlineData("agent-config")]
    [InlineData("infra-meta")]
    public void The_README_key_table_is_current(string table)
    {
        var keys = table == "agent-config" ? AgentConfigSchema.Keys : InfraMetaSchema.Keys;
        var readme = Path.Combine(RepoPaths.Root, "README.md");
        var text = File.ReadAllText(readme).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = $"<!-- keys:{table} (generated from the schema by build.ps1 -Task Docs) -->\n";
        var end = $"<!-- /keys:{table} -->";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md has no markers for the {table} key table: {start.Trim()} … {end}");
        var current = text[(from + start.Length)..to];
        var expected = ConfigKeyTable.Markdown(keys);
        if (Update && current != expected)
        {
            File.WriteAllText(readme, text[..(from + start.Length)] + expected + text[to..]);
            return;
        }

        Assert.True(current == expected, $"README.md's {table} key table is stale; run: pwsh ./build.ps1 -Task Docs\n--- expected ---\n{expected}--- found ---\n{current}");
    }

    [Fact]
    public void Every_schema_key_has_a_description_an_example_and_a_pascal_case_property()
    {
        foreach (var key in AgentConfigSchema.Keys.Concat(InfraMetaSchema.Keys).SelectMany(k => k.Entries.Prepend(k)))
        {
            Assert.False(string.IsNullOrWhiteSpace(key.Description), $"{key.Name} needs a description");
            Assert.EndsWith(".", key.Description, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(key.Example), $"{key.Name} needs an example");
            var pascal = string.Concat(key.Name.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
            Assert.True(key.PropertyName == pascal || key.Entries.Count > 0 || key.Name is "src" or "dst", $"{key.Name}: property {key.PropertyName}, expected {pascal}");
        }
    }

    private static void AssertCurrent(string relative, string expected)
    {
        var path = Path.Combine(RepoPaths.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var current = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (Update && current != expected)
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.True(current == expected, $"{relative} is stale (or missing); run: pwsh ./build.ps1 -Task Docs");
    }
}
