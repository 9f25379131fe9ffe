using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Configuration.Schema;
using GitOpsAgent.Toml;
using Json.Schema;

namespace GitOpsAgent.Tests.Unit.Configuration;

/// <summary>
/// The JSON Schemas editors read and the loaders the agent runs agree: every example file passes both, and each
/// way of breaking a key (wrong type, out of range, bad pattern, missing) is refused by both. Checked with an
/// independent validator (JsonSchema.Net), over the TOML as our parser reads it.
/// </summary>
public sealed class SchemaAgreementTests
{
    private const string InfraFile = "edge-01/infra_meta.toml";
    private const string ConfigFile = "/etc/gitops-agent/config.toml";

    private static readonly JsonSchema AgentSchema = JsonSchema.FromText(ConfigJsonSchema.AgentConfig());
    private static readonly JsonSchema InfraSchema = JsonSchema.FromText(ConfigJsonSchema.InfraMeta());

    private const string ValidApp = """
        [web]
        code_url = "git@github.com:org/web.git"
        code_commit_hash = "3f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"
        code_local_path = "/srv/web"
        config_files = [ { src = "edge-01/web.env", dst = "/srv/web/.env", mode = "0640", owner = "web", group = "1001" } ]
        pre_updation_command = "systemctl stop web"
        post_updation_command = "systemctl start web"
        run_as = "web"
        health_check_command = "curl -fsS http://localhost:8080/health"
        health_check_retries = 3
        health_check_interval = 5
        on_failure = "rollback"
        suspended = true
        suspend_reason = "none"
        sync = "auto"
        on_removal = "remove"
        removal_command = "systemctl disable --now web"
        """;

    private const string ValidConfig = """
        infra_name = "edge-01"
        interval = 300
        monitoring_history_retention_days = 30
        monitoring_heartbeat_hours = 24
        command_timeout = 600
        [applications]
        web = "git@github.com:org/deploy-config.git@main"
        """;

    public static TheoryData<string> ExampleInfraMetaFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples", "deploy-config"), "infra_meta.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleInfraMetaFiles))]
    public void Every_example_infra_meta_passes_the_schema_and_the_loader(string relative)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, relative));
        Assert.True(SchemaAccepts(InfraSchema, text), $"{relative} fails the JSON Schema");
        Assert.True(InfraMetaAccepts(text), $"{relative} fails the loader");
    }

    [Fact]
    public void The_full_examples_pass_both()
    {
        Assert.True(SchemaAccepts(InfraSchema, ValidApp));
        Assert.True(InfraMetaAccepts(ValidApp));
        Assert.True(SchemaAccepts(AgentSchema, ValidConfig));
        Assert.True(AgentConfigAccepts(ValidConfig));
    }

    [Fact]
    public void The_config_template_with_its_examples_uncommented_passes_both()
    {
        // Every "# key = example" line of the template, as an operator would uncomment it.
        var lines = AgentConfigTemplateWriter.Text().Split('\n')
            .Where(line => line.StartsWith("# ", StringComparison.Ordinal) && line.Contains(" = ", StringComparison.Ordinal) && !line.Contains(':', StringComparison.Ordinal) || line.StartsWith("# [", StringComparison.Ordinal) || line.StartsWith("# web = ", StringComparison.Ordinal) || line.StartsWith("# worker = ", StringComparison.Ordinal))
            .Select(line => line[2..]);
        // The examples name key files under /etc/gitops-agent; here they are made in a temp folder instead.
        using var etc = new Support.TempDirectory("gitops-etc");
        foreach (var file in new[] { "allowed_signers", "signers.gpg", "device_signing_key" })
        {
            File.WriteAllText(etc.Combine(file), string.Empty);
        }

        var text = string.Join('\n', lines).Replace("/etc/gitops-agent/", etc.Path + "/", StringComparison.Ordinal);
        Assert.Contains("[applications]", text, StringComparison.Ordinal);
        Assert.True(SchemaAccepts(AgentSchema, text), text);
        Assert.True(AgentConfigAccepts(text), text);
    }

    public static TheoryData<string, string> BrokenAgentConfigs()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in AgentConfigSchema.Keys.Where(k => k.SettableAsValue))
        {
            var wrongType = key.Kind == ConfigValueKind.Text ? "5" : "\"five\"";
            data.Add($"{key.Name} of the wrong type", Replace(ValidConfig, key.Name, wrongType));
            if (key.Minimum is { } min)
            {
                data.Add($"{key.Name} below its minimum", Replace(ValidConfig, key.Name, (min - 1).ToString(CultureInfo.InvariantCulture)));
            }

            data.Add($"{key.Name} above int's range", key.Kind switch
            {
                ConfigValueKind.WholeNumber => Replace(ValidConfig, key.Name, "2147483648"),
                ConfigValueKind.TextList => Replace(ValidConfig, key.Name, "[1]"),
                _ => Replace(ValidConfig, key.Name, "[\"a\"]"),
            });
            if (key.Required)
            {
                data.Add($"{key.Name} missing", Remove(ValidConfig, key.Name));
            }
        }

        data.Add("an empty redact pattern", Replace(ValidConfig, "redact", "[\"\"]"));
        data.Add("applications missing", ValidConfig[..ValidConfig.IndexOf("[applications]", StringComparison.Ordinal)]);
        data.Add("an application that is not a string", ValidConfig.Replace("web = \"git@github.com:org/deploy-config.git@main\"", "web = 1", StringComparison.Ordinal));
        data.Add("an unsafe infra_name", Replace(ValidConfig, "infra_name", "\"../edge-01\""));
        data.Add("an unsafe app name", ValidConfig.Replace("web = ", "\"web app\" = ", StringComparison.Ordinal));
        data.Add("an empty application", ValidConfig.Replace("web = \"git@github.com:org/deploy-config.git@main\"", "web = \"\"", StringComparison.Ordinal));
        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenAgentConfigs))]
    public void What_the_agent_config_loader_refuses_the_schema_refuses(string what, string text)
    {
        Assert.False(AgentConfigAccepts(text), $"the loader accepts {what}:\n{text}");
        Assert.False(SchemaAccepts(AgentSchema, text), $"the JSON Schema accepts {what}:\n{text}");
    }

    public static TheoryData<string, string> BrokenApps()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in InfraMetaSchema.Keys)
        {
            data.Add($"{key.Name} of the wrong type", Replace(ValidApp, key.Name, key.Kind == ConfigValueKind.Text ? "5" : "\"five\""));
            if (key.Required)
            {
                data.Add($"{key.Name} missing", Remove(ValidApp, key.Name));
                data.Add($"{key.Name} empty", Replace(ValidApp, key.Name, "\"   \""));
            }
        }

        data.Add("an unsafe app name", ValidApp.Replace("[web]", "[\".web\"]", StringComparison.Ordinal));
        data.Add("a commit that is not hex", Replace(ValidApp, "code_commit_hash", "\"not-a-commit\""));
        data.Add("a commit too short", Replace(ValidApp, "code_commit_hash", "\"3f1c2a\""));
        data.Add("a relative code_local_path", Replace(ValidApp, "code_local_path", "\"srv/web\""));
        data.Add("a config file without dst", Replace(ValidApp, "config_files", "[ { src = \"edge-01/web.env\" } ]"));
        data.Add("a config file with a relative dst", Replace(ValidApp, "config_files", "[ { src = \"edge-01/web.env\", dst = \"web/.env\" } ]"));
        data.Add("a config file that is not a table", Replace(ValidApp, "config_files", "[ \"edge-01/web.env\" ]"));
        data.Add("a config file mode that is not octal", Replace(ValidApp, "config_files", "[ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\", mode = \"0980\" } ]"));
        data.Add("a config file mode as a number", Replace(ValidApp, "config_files", "[ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\", mode = 640 } ]"));
        data.Add("a config file owner with a space", Replace(ValidApp, "config_files", "[ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\", owner = \"web app\" } ]"));
        data.Add("a config file group starting with '-'", Replace(ValidApp, "config_files", "[ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\", group = \"-web\" } ]"));
        data.Add("a run_as with a shell character", Replace(ValidApp, "run_as", "\"web;id\""));
        data.Add("an on_failure that is not one of the choices", Replace(ValidApp, "on_failure", "\"rollbak\""));
        data.Add("a sync that is not one of the choices", Replace(ValidApp, "sync", "\"sometimes\""));
        data.Add("an on_removal that is not one of the choices", Replace(ValidApp, "on_removal", "\"delete\""));
        data.Add("health_check_retries of 0", Replace(ValidApp, "health_check_retries", "0"));
        data.Add("a negative health_check_interval", Replace(ValidApp, "health_check_interval", "-1"));
        data.Add("a config file src of the wrong type", Replace(ValidApp, "config_files", "[ { src = 1, dst = \"/srv/web/.env\" } ]"));
        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenApps))]
    public void What_the_infra_meta_loader_refuses_the_schema_refuses(string what, string text)
    {
        Assert.False(InfraMetaAccepts(text), $"the loader accepts {what}:\n{text}");
        Assert.False(SchemaAccepts(InfraSchema, text), $"the JSON Schema accepts {what}:\n{text}");
    }

    [Fact]
    public void An_unknown_key_is_a_loader_warning_and_an_editor_error()
    {
        var text = ValidApp + "\ncode_comit_hash = \"3f1c2a9\"\n";
        var result = InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(text), InfraFile, "/repo").For("web");
        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("Did you mean \"code_commit_hash\"?", warning.Message, StringComparison.Ordinal);
        Assert.False(SchemaAccepts(InfraSchema, text));
    }

    /// <summary>The document with <paramref name="key"/> set to <paramref name="value"/>: replaced, or added before the first table.</summary>
    private static string Replace(string toml, string key, string value)
    {
        var lines = toml.Split('\n').ToList();
        var at = lines.FindIndex(line => line.StartsWith(key + " = ", StringComparison.Ordinal));
        if (at >= 0)
        {
            lines[at] = $"{key} = {value}";
        }
        else
        {
            var table = lines.FindIndex(line => line.StartsWith('['));
            lines.Insert(table < 0 ? lines.Count : table, $"{key} = {value}");
        }

        return string.Join('\n', lines);
    }

    private static string Remove(string toml, string key) =>
        string.Join('\n', toml.Split('\n').Where(line => !line.StartsWith(key + " = ", StringComparison.Ordinal)));

    private static bool InfraMetaAccepts(string text)
    {
        var meta = InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(text), InfraFile, "/repo");
        return meta.FileIsUsable && meta.Apps.Count > 0 && meta.Apps.All(app => app.IsValid);
    }

    private static bool AgentConfigAccepts(string text)
    {
        try
        {
            AgentConfigLoader.Parse(text, ConfigFile);
            return true;
        }
        catch (ConfigurationException)
        {
            return false;
        }
    }

    private static bool SchemaAccepts(JsonSchema schema, string toml)
    {
        var json = ToJson(TomlParser.Parse(Encoding.UTF8.GetBytes(toml), "test.toml"))!;
        using var document = JsonDocument.Parse(json.ToJsonString());
        return schema.Evaluate(document.RootElement).IsValid;
    }

    /// <summary>TOML as JSON, the way Taplo hands a document to its schema: tables as objects, dates as strings.</summary>
    private static JsonNode? ToJson(object value) => value switch
    {
        TomlTable table => new JsonObject(table.Select(pair => KeyValuePair.Create(pair.Key, ToJson(pair.Value)))),
        TomlArray array => new JsonArray([.. array.Select(ToJson)]),
        string text => JsonValue.Create(text),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
