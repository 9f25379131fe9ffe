using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Configuration;

/// <summary>App names and infra_name hold only letters, digits, '-', '_' and '.'; app folders and files stay out of the agent home.</summary>
public sealed class SafeNameTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("web", true)]
    [InlineData("api-2.gateway_v1", true)]
    [InlineData(".hidden", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("-rf", true)]
    [InlineData("web app", false)]
    [InlineData("web;rm", false)]
    [InlineData("wéb", false)]
    [InlineData("", false)]
    public void Only_the_safe_characters_pass(string name, bool safe) => Assert.Equal(safe, SafeName.IsSafe(name));

    [Fact]
    public void An_unsafe_infra_name_is_an_error_with_a_suggestion()
    {
        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse("infra_name = \"edge 01\"\n[applications]\nweb = \"file:///x.git@main\"\n", "/etc/gitops-agent/config.toml"));
        var finding = Assert.Single(ex.Findings);
        Assert.Equal("infra_name", finding.Key);
        Assert.Equal(1, finding.Line);
        Assert.Contains("\"edge-01\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsafe_app_name_in_the_agent_config_is_an_error_naming_the_app()
    {
        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse("infra_name = \"edge-01\"\n[applications]\n\"../../etc\" = \"file:///x.git@main\"\n", "/etc/gitops-agent/config.toml"));
        var finding = Assert.Single(ex.Findings);
        Assert.Equal(3, finding.Line);
        Assert.Contains("not a usable app name", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsafe_section_fails_only_that_app()
    {
        var toml = "[\"web app\"]\ncode_url = \"git@h:o/w.git\"\ncode_commit_hash = \"3f1c2a9\"\ncode_local_path = \"/srv/w\"\n\n[api]\ncode_url = \"git@h:o/a.git\"\ncode_commit_hash = \"3f1c2a9\"\ncode_local_path = \"/srv/a\"\n";

        var meta = InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(toml), "edge-01/infra_meta.toml", "/repo");

        Assert.False(meta.For("web app").IsValid);
        Assert.Contains("[web-app]", Assert.Single(meta.For("web app").Errors).Message, StringComparison.Ordinal);
        Assert.True(meta.For("api").IsValid);
    }

    [Fact]
    public void An_app_folder_or_config_file_inside_the_agent_home_is_refused()
    {
        var commit = _sandbox.CreateApp("web");
        var api = _sandbox.CreateApp("api");
        var web = _sandbox.Section("web", commit).Replace(DeviceSandbox.Quote(_sandbox.AppPath("web")), DeviceSandbox.Quote(Path.Combine(_sandbox.Home, "app-configs")), StringComparison.Ordinal);
        _sandbox.WriteConfigRepoFile("edge-01/api.env", "x=1\n");
        var apiSection = _sandbox.Section("api", api, configFiles: [("edge-01/api.env", Path.Combine(_sandbox.Home, "state", "last-pass.json"))]);
        _sandbox.SetInfraMeta(web + apiSection);
        _sandbox.WriteAgentConfig(["web", "api"]);

        var report = _sandbox.Pass();

        var webOutcome = report.Apps.Single(a => a.Name == "web");
        Assert.Equal(StatusLabels.ConfigUpdateFailed, webOutcome.Status);
        Assert.Contains("overlaps the agent home", webOutcome.Error, StringComparison.Ordinal);
        var apiOutcome = report.Apps.Single(a => a.Name == "api");
        Assert.Contains("inside the agent home", apiOutcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("x=1", File.ReadAllText(Path.Combine(_sandbox.Home, "state", "last-pass.json")), StringComparison.Ordinal);
    }
}
