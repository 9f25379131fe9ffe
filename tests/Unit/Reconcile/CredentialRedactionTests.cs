using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// A token in a URL never leaves the agent config: a pass whose app and config repos are credentialed URLs (and
/// unreachable, so git's own errors quote them) leaves the token in no artefact: stdout, --json, the verbose log,
/// the saved pass, the agent home, the health report and the fleet table on the monitoring branch.
/// </summary>
public sealed class CredentialRedactionTests : IDisposable
{
    private const string Token = "ghp-SECRET-token-4242";
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("https://deploy:ghp-SECRET@git.example.com/org/web.git", "https://***@git.example.com/org/web.git")]
    [InlineData("could not clone ssh://git:pa55@host:2222/r.git into /srv/x", "could not clone ssh://***@host:2222/r.git into /srv/x")]
    [InlineData("fatal: unable to access 'https://user:tok@h/x.git/': Failed", "fatal: unable to access 'https://***@h/x.git/': Failed")]
    [InlineData("git@github.com:org/web.git", "git@github.com:org/web.git")]
    [InlineData("mail ops@example.com about https://h/x", "mail ops@example.com about https://h/x")]
    public void URLs_lose_their_user_info_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));

    [Fact]
    public void No_artefact_of_a_pass_holds_the_token()
    {
        var web = _sandbox.CreateApp("web");
        var secretApp = $"https://deploy:{Token}@127.0.0.1:9/org/billing.git";
        _sandbox.SetInfraMeta(_sandbox.Section("web", web) + _sandbox.Section("billing", new string('c', 40)).Replace(DeviceSandbox.Quote(_sandbox.AppUrl("billing")), DeviceSandbox.Quote(secretApp), StringComparison.Ordinal));
        _sandbox.WriteAgentConfig(["web", "billing"]);
        File.AppendAllText(_sandbox.ConfigFile, $"ledger = \"https://ci:{Token}@127.0.0.1:9/org/deploy-config.git@main\"\n");
        var environment = new Dictionary<string, string> { ["GITOPS_AGENT_CONFIG"] = _sandbox.ConfigFile, ["GITOPS_AGENT_HOME"] = _sandbox.Home };

        var text = BuiltCli.Run(environment, "reconcile", "--verbose");
        var json = BuiltCli.Run(environment, "reconcile", "--json", "--verbose");
        var status = BuiltCli.Run(environment, "status", "--json");
        var fleet = BuiltCli.Run(environment, "status", "--fleet", "--json", "--verbose");

        Assert.Contains("billing", text.Output, StringComparison.Ordinal);
        Assert.Contains("https://***@127.0.0.1:9/org/billing.git", json.Output, StringComparison.Ordinal);
        foreach (var (what, output) in new[] { ("reconcile", text.Output + text.Error), ("reconcile --json", json.Output + json.Error), ("status", status.Output + status.Error), ("status --fleet", fleet.Output + fleet.Error) })
        {
            Assert.False(output.Contains(Token, StringComparison.Ordinal), $"{what} printed the token:\n{output}");
        }

        // Not checked: a clone's own .git/config, which keeps its remote URL, credential included, as git does for any
        // clone (git needs it to fetch and push; it stays in the root-owned agent home), and the config repo's checkout,
        // which holds what the operator committed. Everything the agent writes itself is checked.
        var configClone = Path.Combine(_sandbox.Home, "app-configs", _sandbox.LoadConfig().Applications[0].Source.CloneDirectoryName) + "/";
        foreach (var file in Directory.EnumerateFiles(_sandbox.Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && !f.StartsWith(configClone, StringComparison.Ordinal)))
        {
            Assert.False(File.ReadAllText(file).Contains(Token, StringComparison.Ordinal), $"{file} holds the token");
        }

        var bare = Path.Combine(_sandbox.Remotes, "deploy-config.git");
        var published = TestGit.Run(bare, "log", "-p", "main-monitoring");
        Assert.Contains("billing", published, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, published, StringComparison.Ordinal);
    }
}
