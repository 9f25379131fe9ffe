using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Configuration;

public sealed class AgentConfigEditorTests : IDisposable
{
    private const string Commented =
        "# edge-01 in rack 4, owned by the ops team\n" +
        "infra_name = \"edge-01\"   # matches the folder in deploy-config\n" +
        "\n" +
        "# poll every five minutes\n" +
        "interval = 300\n" +
        "\n" +
        "[applications]\n" +
        "# the web front end\n" +
        "web = \"git@github.com:org/deploy-config.git@main\"\n" +
        "legacy = \"git@github.com:org/old-config.git@main\"   # going away in March\n";

    private readonly TempDirectory _dir = new("gitops-config-editor");

    private string ConfigFile => _dir.Combine("etc", "config.toml");

    public void Dispose() => _dir.Dispose();

    private void WriteConfig(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, text);
    }

    [Fact]
    public void Changes_only_the_lines_concerned_and_keeps_every_comment()
    {
        WriteConfig(Commented);

        var edit = AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange
        {
            SetApplications = [AgentConfigChange.ParseApplication("api=file:///srv/git/api-config.git@prod")],
            RemoveApplications = ["legacy"],
        }.With("interval", 60));
        AgentConfigEditor.Save(edit);

        var text = File.ReadAllText(ConfigFile);
        Assert.Equal(
            "# edge-01 in rack 4, owned by the ops team\n" +
            "infra_name = \"edge-01\"   # matches the folder in deploy-config\n" +
            "\n" +
            "# poll every five minutes\n" +
            "interval = 60\n" +
            "\n" +
            "[applications]\n" +
            "# the web front end\n" +
            "web = \"git@github.com:org/deploy-config.git@main\"\n" +
            "api = \"file:///srv/git/api-config.git@prod\"\n",
            text);
        var config = AgentConfigLoader.Load(ConfigFile);
        Assert.Equal(60, config.Interval);
        Assert.Equal(["web", "api"], config.Applications.Select(a => a.Name));
        Assert.Equal(new ConfigRepoSource("file:///srv/git/api-config.git", "prod"), config.Applications[1].Source);
        Assert.Equal(["interval = 60", "remove application legacy", "application api = \"file:///srv/git/api-config.git@prod\""], edit.Changes);
    }

    [Fact]
    public void Changing_an_existing_app_replaces_its_value_in_place()
    {
        WriteConfig(Commented);

        AgentConfigEditor.Save(AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange
        {
            SetApplications = [AgentConfigChange.ParseApplication("legacy=git@github.com:org/old-config.git@frozen")],
        }));

        Assert.Equal(
            Commented.Replace("old-config.git@main\"", "old-config.git@frozen\"", StringComparison.Ordinal),
            File.ReadAllText(ConfigFile));
    }

    [Fact]
    public void An_invalid_result_throws_with_findings_and_leaves_the_file_untouched()
    {
        WriteConfig(Commented);
        var before = File.ReadAllBytes(ConfigFile);

        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange().With("infra_name", "../escape").With("interval", 0)));

        Assert.Contains(ex.Findings, f => f.Key == "infra_name" && f.Line == 2);
        Assert.Contains(ex.Findings, f => f.Key == "interval" && f.Line == 5);
        Assert.Equal(before, File.ReadAllBytes(ConfigFile));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(ConfigFile)!));
    }

    [Fact]
    public void A_missing_file_is_created_from_the_commented_template()
    {
        var edit = AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange
        {
            SetApplications = [AgentConfigChange.ParseApplication("web=git@github.com:org/deploy-config.git")],
        }.With("infra_name", "edge-07"));
        Assert.True(edit.Creates);
        AgentConfigEditor.Save(edit);

        var text = File.ReadAllText(ConfigFile);
        Assert.Contains("# This device's folder in the config repo (the agent reads <infra_name>/infra_meta.toml there)", text, StringComparison.Ordinal);
        Assert.Contains("infra_name = \"edge-07\"\n", text, StringComparison.Ordinal);
        var config = AgentConfigLoader.Load(ConfigFile);
        Assert.Equal("edge-07", config.InfraName);
        Assert.Equal(AgentConfig.DefaultIntervalSeconds, config.Interval);
        Assert.Equal("main", Assert.Single(config.Applications).Source.Branch);
    }

    [Fact]
    public void A_new_device_without_an_infra_name_is_refused_and_nothing_is_written()
    {
        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange
        {
            SetApplications = [AgentConfigChange.ParseApplication("web=git@github.com:org/deploy-config.git@main")],
        }));

        Assert.Contains(ex.Findings, f => f.Message.Contains("\"infra_name\" is missing", StringComparison.Ordinal));
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public void A_change_the_file_already_holds_writes_nothing()
    {
        WriteConfig(Commented);

        var edit = AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange { RemoveApplications = ["not-there"] }.With("infra_name", "edge-01"));

        Assert.False(edit.Changed);
        Assert.Empty(edit.Changes);
    }

    [Fact]
    public void A_file_that_is_not_TOML_is_reported_with_its_line_and_not_rewritten()
    {
        WriteConfig("infra_name = \"edge-01\"\ninterval = = 5\n[applications]\n");

        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange().With("interval", 10)));

        Assert.Equal(2, Assert.Single(ex.Findings).Line);
        Assert.Equal("infra_name = \"edge-01\"\ninterval = = 5\n[applications]\n", File.ReadAllText(ConfigFile));
    }

    [Fact]
    public void Saving_keeps_the_file_permissions()
    {
        WriteConfig(Commented);
        File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AgentConfigEditor.Save(AgentConfigEditor.Prepare(ConfigFile, new AgentConfigChange().With("interval", 30)));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigFile));
    }

    [Theory]
    [InlineData("web")]
    [InlineData("=git@github.com:org/deploy-config.git")]
    [InlineData("web=")]
    public void An_application_without_name_or_source_is_rejected_with_the_expected_form(string assignment)
    {
        var ex = Assert.Throws<FormatException>(() => AgentConfigChange.ParseApplication(assignment));
        Assert.Contains("name=url@branch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_application_splits_at_the_first_equals_sign()
    {
        var (name, source) = AgentConfigChange.ParseApplication(" web = https://host/x.git?a=b@main ");
        Assert.Equal("web", name);
        Assert.Equal("https://host/x.git?a=b@main", source);
    }
}
