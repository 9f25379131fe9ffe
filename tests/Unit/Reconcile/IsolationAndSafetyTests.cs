using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

public sealed class IsolationAndSafetyTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Hooks_and_fsmonitor_planted_in_an_app_checkout_never_run_as_the_agent()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1));
        _sandbox.WriteAgentConfig(["web"]);
        _sandbox.Pass();
        var marker = Path.Combine(_sandbox.Root, "planted-ran");
        var gitDir = Path.Combine(_sandbox.AppPath("web"), ".git");
        // What an app's run_as user could write into the checkout it owns.
        File.WriteAllText(Path.Combine(gitDir, "hooks", "post-checkout"), $"#!/bin/sh\necho hook >> {marker}\n");
        File.SetUnixFileMode(Path.Combine(gitDir, "hooks", "post-checkout"), (UnixFileMode)0b111_101_101);
        TestGit.Run(_sandbox.AppPath("web"), "config", "core.fsmonitor", $"echo fsmonitor >> {marker}; false");
        File.AppendAllText(Path.Combine(_sandbox.AppPath("web"), "app.txt"), "local edit\n");

        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2));
        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal(v2, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
        Assert.False(File.Exists(marker), File.Exists(marker) ? File.ReadAllText(marker) : null);
    }

    [Fact]
    public void An_unreachable_app_repo_fails_that_app_only()
    {
        var api = _sandbox.CreateApp("api");
        var missing = _sandbox.Section("gone", new string('a', 40));
        _sandbox.SetInfraMeta(missing + _sandbox.Section("api", api));
        _sandbox.WriteAgentConfig(["gone", "api"]);

        var report = _sandbox.Pass();

        var gone = report.Apps.Single(a => a.Name == "gone");
        Assert.Equal(StatusLabels.AppUpdateFailed, gone.Status);
        Assert.Contains("gone.git", gone.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.AppPath("gone")));
        Assert.True(report.Apps.Single(a => a.Name == "api").Healthy);
        Assert.Equal("⚠️ 1 of 2 apps need attention: gone", report.OverallStatus);
    }

    [Fact]
    public void A_commit_that_does_not_exist_is_reported_as_such()
    {
        _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", new string('b', 40)));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.False(web.Healthy);
        Assert.Contains("is not in", web.Error, StringComparison.Ordinal);
        Assert.Contains("code_commit_hash", web.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_git_data_at_code_local_path_is_never_overwritten()
    {
        var commit = _sandbox.CreateApp("web");
        Directory.CreateDirectory(_sandbox.AppPath("web"));
        var precious = Path.Combine(_sandbox.AppPath("web"), "database.sqlite");
        File.WriteAllText(precious, "operator data");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.Equal(StatusLabels.AppUpdateFailed, web.Status);
        Assert.Contains("not a git repository", web.Error, StringComparison.Ordinal);
        Assert.Equal("operator data", File.ReadAllText(precious));
        Assert.Single(Directory.GetFileSystemEntries(_sandbox.AppPath("web")));
    }

    [Fact]
    public void A_clone_of_another_repo_at_code_local_path_is_never_reset()
    {
        var web = _sandbox.CreateApp("web");
        _sandbox.CreateApp("other");
        TestGit.Run(null, "clone", "--quiet", _sandbox.AppUrl("other"), _sandbox.AppPath("web"));
        var otherHead = TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD");
        _sandbox.SetInfraMeta(_sandbox.Section("web", web));
        _sandbox.WriteAgentConfig(["web"]);

        var outcome = Assert.Single(_sandbox.Pass().Apps);

        Assert.Equal(StatusLabels.AppUpdateFailed, outcome.Status);
        Assert.Contains("other.git", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(otherHead, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
    }

    [Fact]
    public void Two_apps_with_the_same_code_local_path_are_both_stopped()
    {
        var one = _sandbox.CreateApp("one");
        var two = _sandbox.CreateApp("two");
        var shared = _sandbox.AppPath("shared");
        _sandbox.SetInfraMeta(
            _sandbox.Section("one", one).Replace(_sandbox.AppPath("one"), shared, StringComparison.Ordinal) +
            _sandbox.Section("two", two).Replace(_sandbox.AppPath("two"), shared, StringComparison.Ordinal));
        _sandbox.WriteAgentConfig(["one", "two"]);

        var report = _sandbox.Pass();

        Assert.All(report.Apps, app =>
        {
            Assert.False(app.Healthy);
            Assert.Contains("is also used by", app.Error, StringComparison.Ordinal);
        });
        Assert.False(Directory.Exists(shared));
    }

    [Fact]
    public void A_second_pass_fails_fast_while_another_holds_the_lock_and_names_the_holder()
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web")));
        _sandbox.WriteAgentConfig(["web"]);
        using (AgentLock.Acquire(_sandbox.Paths))
        {
            var ex = Assert.Throws<AgentLockHeldException>(() => _sandbox.Pass());
            Assert.Contains($"pid {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(_sandbox.AppPath("web")));
        }

        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
    }

    [Fact]
    public void An_unreachable_config_repo_after_a_first_pass_uses_the_last_fetched_state()
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web")));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
        Directory.Move(Path.Combine(_sandbox.Remotes, "deploy-config.git"), Path.Combine(_sandbox.Remotes, "moved.git"));

        var host = new RecordingHost();
        var report = _sandbox.Pass(host: host);

        var repo = Assert.Single(report.ConfigRepos);
        Assert.False(repo.Reachable);
        Assert.True(Assert.Single(report.Apps).Healthy);
        Assert.Contains(host.Warnings, w => w.Contains("unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public void A_config_repo_never_cloned_and_unreachable_fails_its_apps_with_a_hint()
    {
        _sandbox.WriteAgentConfig(["web"]);
        Directory.Delete(Path.Combine(_sandbox.Remotes, "deploy-config.git"), recursive: true);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.Equal(StatusLabels.ConfigUpdateFailed, web.Status);
        Assert.Contains("unreachable", web.Error, StringComparison.Ordinal);
    }
}
