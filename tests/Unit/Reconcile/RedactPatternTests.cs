using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// The agent config's redact patterns mask what a hook prints (a password, say) in every artefact of a pass: the
/// saved pass, the agent home, --json, the text output and the verbose log, and the health report on the monitoring
/// branch; a pattern that is not a regular expression is a config error with its line and key.
/// </summary>
public sealed class RedactPatternTests : IDisposable
{
    private const string Secret = "hunter2-SECRET-77";
    private static readonly string[] Patterns = [@"password=\S+", "x"];
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_password_a_hook_prints_is_in_no_artefact_of_the_pass()
    {
        var web = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", web, post: $"echo connecting with password={Secret} to db; echo done", extra: $"health_check_command = \"echo checked with password={Secret}; exit 1\"\nhealth_check_interval = 0\nhealth_check_retries = 1\n"));
        _sandbox.WriteAgentConfig(["web"], extra: "redact = ['password=\\S+']\n");
        var environment = new Dictionary<string, string> { ["GITOPS_AGENT_CONFIG"] = _sandbox.ConfigFile, ["GITOPS_AGENT_HOME"] = _sandbox.Home };

        var text = BuiltCli.Run(environment, "reconcile", "--verbose");
        _sandbox.SetInfraMeta(_sandbox.Section("web", web, post: $"echo again password={Secret}; echo done"));
        var json = BuiltCli.Run(environment, "reconcile", "--json", "--verbose");
        var status = BuiltCli.Run(environment, "status", "--json");

        // The hook ran and its other output is kept: only the match is masked.
        Assert.Contains("connecting with *** to db", text.Output + text.Error, StringComparison.Ordinal);
        Assert.Contains("again ***", json.Output, StringComparison.Ordinal);
        foreach (var (what, output) in new[] { ("reconcile", text.Output + text.Error), ("reconcile --json", json.Output + json.Error), ("status --json", status.Output + status.Error) })
        {
            Assert.False(output.Contains(Secret, StringComparison.Ordinal), $"{what} printed the secret:\n{output}");
        }

        // The config repo's checkout holds what the operator committed; everything the agent writes itself is checked.
        var configClone = Path.Combine(_sandbox.Home, "app-configs", _sandbox.LoadConfig().Applications[0].Source.CloneDirectoryName) + "/";
        var written = Directory.EnumerateFiles(_sandbox.Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && !f.StartsWith(configClone, StringComparison.Ordinal))
            .ToList();
        Assert.Contains(written, f => f.EndsWith("last-pass.json", StringComparison.Ordinal));
        foreach (var file in written)
        {
            Assert.False(File.ReadAllText(file).Contains(Secret, StringComparison.Ordinal), $"{file} holds the secret");
        }

        var published = TestGit.Run(Path.Combine(_sandbox.Remotes, "deploy-config.git"), "log", "-p", "main-monitoring");
        Assert.Contains("again ***", published, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, published, StringComparison.Ordinal);
    }

    [Fact]
    public void Patterns_apply_only_inside_their_scope_and_a_runaway_pattern_withholds_the_text()
    {
        using (SecretRedactor.UsePatterns([@"token=\w+"]))
        {
            Assert.Equal("use *** and https://***@h/x", SecretRedactor.Redact("use token=abc and https://u:p@h/x"));
        }

        Assert.Equal("use token=abc", SecretRedactor.Redact("use token=abc"));
        using (SecretRedactor.UsePatterns([@"^(a+)+$"]))
        {
            Assert.Equal(SecretRedactor.Withheld, SecretRedactor.Redact(new string('a', 5000) + "!"));
        }
    }

    [Fact]
    public void An_invalid_pattern_is_a_config_error_with_line_key_and_the_regex_problem()
    {
        var text = "infra_name = \"edge-01\"\nredact = [\"password=\\\\S+\", \"token=(\"]\n[applications]\nweb = \"file:///r.git@main\"\n";

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse(text, "/etc/gitops-agent/config.toml")).Findings);

        Assert.Equal(2, error.Line);
        Assert.Equal("redact", error.Key);
        Assert.Contains("entry 2 (\"token=(\") is not a valid regular expression", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not enough )", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Valid_patterns_are_read_in_order()
    {
        var config = AgentConfigLoader.Parse("infra_name = \"edge-01\"\nredact = ['password=\\S+', '(?i)api_key=\\w+']\n[applications]\nweb = \"file:///r.git@main\"\n", "/etc/gitops-agent/config.toml");

        Assert.Equal([@"password=\S+", @"(?i)api_key=\w+"], config.Redact);
    }

    [Fact]
    public void The_editor_writes_a_string_array_as_a_toml_array()
    {
        var (text, changes) = AgentConfigEditor.Apply("infra_name = \"edge-01\"\n[applications]\nweb = \"file:///r.git@main\"\n", new AgentConfigChange { Values = new Dictionary<string, object> { ["redact"] = Patterns } }, "config.toml");

        Assert.Equal([@"password=\S+", "x"], AgentConfigLoader.Parse(text, "config.toml").Redact);
        Assert.Equal([@"redact = [""password=\S+"", ""x""]"], changes);
    }
}
