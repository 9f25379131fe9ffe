using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>Remotes that drop the link mid-fetch, that never answer, and that were force-pushed: nothing half done, next pass converges.</summary>
public sealed class FlakyRemoteTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();
    private readonly GitDaemonProxy _proxy;

    public FlakyRemoteTests() => _proxy = new GitDaemonProxy(_sandbox.Remotes);

    public void Dispose()
    {
        _proxy.Dispose();
        _sandbox.Dispose();
    }

    private string Section(string commit) =>
        _sandbox.Section("web", commit, pre: $"echo pre >> {Path.Combine(_sandbox.Root, "pre.log")}").Replace(_sandbox.AppUrl("web"), _proxy.UrlOf("web.git"), StringComparison.Ordinal);

    private AppOutcome Pass(TimeSpan? networkTimeout = null)
    {
        var git = new GitClient(new GitOptions { NetworkTimeout = networkTimeout ?? TimeSpan.FromMinutes(1) });
        return Assert.Single(new ReconcileEngine(_sandbox.Paths, new RecordingHost(), git).RunPass(_sandbox.LoadConfig(), null, TestContext.Current.CancellationToken).Apps);
    }

    private string DeployV1ThenPinALargeV2()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(Section(v1));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Pass().Healthy);
        var noise = new byte[256 * 1024];
        new Random(7).NextBytes(noise);
        _sandbox.CommitApp("web", "blob.bin", Convert.ToBase64String(noise));
        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        _sandbox.SetInfraMeta(Section(v2));
        return v1;
    }

    [Fact]
    public void A_link_that_drops_mid_fetch_fails_the_app_with_nothing_changed_and_the_next_pass_converges()
    {
        var v1 = DeployV1ThenPinALargeV2();
        _proxy.CutAfterBytes = 8 * 1024;

        var dropped = Pass();

        Assert.Equal(StatusLabels.AppUpdateFailed, dropped.Status);
        Assert.Contains("git fetch", dropped.Error, StringComparison.Ordinal);
        Assert.Null(dropped.FailedStep);
        Assert.Equal(v1, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
        Assert.False(File.Exists(Path.Combine(_sandbox.Root, "pre.log")), "the pre command ran although the release never arrived");

        _proxy.CutAfterBytes = long.MaxValue;
        var healed = Pass();

        Assert.True(healed.Healthy, healed.Error);
        Assert.Equal("web v2\n", File.ReadAllText(Path.Combine(_sandbox.AppPath("web"), "app.txt")));
    }

    [Fact]
    public void A_remote_that_never_answers_ends_the_pass_at_the_git_timeout()
    {
        var v1 = DeployV1ThenPinALargeV2();
        _proxy.BlackHole = true;

        var silent = Pass(TimeSpan.FromSeconds(2));

        Assert.Equal(StatusLabels.AppUpdateFailed, silent.Status);
        Assert.Contains("timed out", silent.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(v1, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
    }

    [Fact]
    public void A_force_pushed_config_branch_is_followed_and_reported_as_rewritten()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1));
        _sandbox.WriteAgentConfig(["web"]);
        var engine = new ReconcileEngine(_sandbox.Paths, new RecordingHost());
        Assert.True(engine.RunPass(_sandbox.LoadConfig(), null, TestContext.Current.CancellationToken).AllHealthy);

        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        TestGit.Run(_sandbox.ConfigWork, "reset", "--quiet", "--hard", "HEAD~1");
        _sandbox.WriteConfigRepoFile(Path.Combine(_sandbox.InfraName, "infra_meta.toml"), _sandbox.Section("web", v2));
        TestGit.Run(_sandbox.ConfigWork, "add", "--all");
        TestGit.Run(_sandbox.ConfigWork, "commit", "--quiet", "-m", "rewritten");
        TestGit.Run(_sandbox.ConfigWork, "push", "--quiet", "--force", "origin", "HEAD:main");

        var report = engine.RunPass(_sandbox.LoadConfig(), null, TestContext.Current.CancellationToken);

        Assert.True(report.AllHealthy);
        Assert.Equal(v2, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
        Assert.Contains(report.Warnings, w => w.Contains("was rewritten (force-pushed)", StringComparison.Ordinal));
        Assert.NotNull(report.ConfigRepos.Single().HistoryRewritten);
    }

    [Fact]
    public void After_a_dropped_link_the_next_pass_fetches_only_what_did_not_arrive()
    {
        var api = _sandbox.CreateApp("api");
        var web = _sandbox.CreateApp("web");
        var noise = new byte[256 * 1024];
        new Random(11).NextBytes(noise);
        web = _sandbox.CommitApp("web", "blob.bin", Convert.ToBase64String(noise));
        // api comes over file://, web over the link that drops.
        _sandbox.SetInfraMeta(_sandbox.Section("api", api) + Section(web));
        _sandbox.WriteAgentConfig(["api", "web"]);
        _proxy.CutAfterBytes = 8 * 1024;
        var first = new ReconcileEngine(_sandbox.Paths, new RecordingHost()).RunPass(_sandbox.LoadConfig(), null, TestContext.Current.CancellationToken);
        Assert.True(first.Apps.Single(app => app.Name == "api").Healthy);
        Assert.Equal(StatusLabels.AppUpdateFailed, first.Apps.Single(app => app.Name == "web").Status);

        _proxy.CutAfterBytes = long.MaxValue;
        var engine = new ReconcileEngine(_sandbox.Paths, new RecordingHost());
        var second = engine.RunPass(_sandbox.LoadConfig(), null, TestContext.Current.CancellationToken);

        Assert.True(second.AllHealthy);
        Assert.False(second.Apps.Single(app => app.Name == "api").Changed);
        // The config repo's one question and web's clone: nothing that arrived in the first pass is fetched again.
        Assert.Equal(2, engine.Git.Stats.NetworkCalls);
        Assert.Equal(web, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
    }
}
