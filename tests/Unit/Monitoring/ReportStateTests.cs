using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Tests.Unit.Support;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Monitoring;

/// <summary>
/// The health report describes the device's state and its last attempt, not the last pass's events: the quiet pass
/// after a deployment leaves it as it was (no commit, no push), and the last attempt stays readable until the next.
/// </summary>
public sealed class ReportStateTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string Bare => Path.Combine(_sandbox.Remotes, "deploy-config.git");

    private int MonitoringCommits => TestGit.Run(Bare, "rev-list", "--count", "main-monitoring") is var count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private TomlTable PublishedEntry(string app) => (TomlTable)TomlParser.Parse(TestGit.Run(Bare, "show", $"main-monitoring:{_sandbox.InfraName}.toml"))[app];

    private PassResult Pass() =>
        new ReconcileRunner(_sandbox.Paths, NullAgentHost.Instance).Run(_sandbox.LoadConfig(), new ReconcileOptions(), publish: true, TestContext.Current.CancellationToken);

    [Fact]
    public void The_quiet_pass_after_a_deployment_makes_no_commit_and_keeps_the_last_attempt()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1, post: "echo started web"));
        _sandbox.WriteAgentConfig(["web"]);

        Assert.True(Pass().Published.Single().Pushed);
        var afterDeployment = MonitoringCommits;
        var deployed = PublishedEntry("web");

        for (var i = 0; i < 3; i++)
        {
            var quiet = Assert.Single(Pass().Published);
            Assert.False(quiet.Committed, quiet.Message);
        }

        Assert.Equal(afterDeployment, MonitoringCommits);
        var entry = PublishedEntry("web");
        Assert.True((bool)entry["changed"]);
        Assert.Equal(deployed["last-attempt"], entry["last-attempt"]);
        Assert.Equal("echo started web", ((TomlTable)entry["extra-command-output"])["post-command"]);
        Assert.Contains("started web", (string)((TomlTable)entry["extra-command-output"])["post-log"], StringComparison.Ordinal);

        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2, post: "echo started web"));
        Assert.True(Pass().Published.Single().Pushed);
        Assert.Equal(afterDeployment + 1, MonitoringCommits);
        var moved = PublishedEntry("web");
        Assert.Equal(v2, moved["actual-commit"]);
        Assert.True((DateTimeOffset)moved["last-attempt"] >= (DateTimeOffset)deployed["last-attempt"]);
    }

    [Fact]
    public void Healing_drift_is_an_attempt_and_is_published_with_where_the_change_was_kept()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1));
        _sandbox.WriteAgentConfig(["web"]);
        Pass();
        var commits = MonitoringCommits;

        File.WriteAllText(Path.Combine(_sandbox.AppPath("web"), "app.txt"), "edited on the device");
        Assert.True(Pass().Published.Single().Committed);

        Assert.Equal(commits + 1, MonitoringCommits);
        var entry = PublishedEntry("web");
        Assert.Empty((TomlArray)entry["drift"]);
        Assert.NotEmpty((TomlArray)entry["preserved-changes"]);
        Assert.Contains(((TomlArray)entry["actions"]).Cast<string>(), action => action.Contains("stash", StringComparison.Ordinal));
    }
}
