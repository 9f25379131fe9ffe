using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Monitoring;

public sealed class MonitoringPublisherTests : IDisposable
{
    private readonly MonitoringSandbox _sandbox = new();

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void First_publish_creates_the_orphan_monitoring_branch_without_touching_the_config_branch()
    {
        var (publisher, _) = _sandbox.Publisher("edge-01");
        var results = publisher.Publish(_sandbox.Config("edge-01", "web"), MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);

        var result = Assert.Single(results);
        Assert.Null(result.Error);
        Assert.True(result.Committed);
        Assert.True(result.Pushed);
        Assert.Equal("main-monitoring", result.Branch);
        Assert.Equal(_sandbox.Source.ToString(), result.Source);
        Assert.Equal(_sandbox.ConfigCommit, TestGit.Run(_sandbox.BarePath, "rev-parse", "refs/heads/main"));
        Assert.Equal(string.Empty, TestGit.Run(_sandbox.BarePath, "log", "--format=%P", "refs/heads/main-monitoring"));
        Assert.Equal(["README.md", "edge-01.toml"], _sandbox.RemoteFiles());
        Assert.Equal(["✅ Status: all 1 apps healthy"], _sandbox.RemoteLog());
        Assert.Equal("edge-01 <edge-01@gitops-agent.local>", TestGit.Run(_sandbox.BarePath, "log", "-1", "--format=%cn <%ce>", "refs/heads/main-monitoring"));
        Assert.True(Directory.Exists(Path.Combine(_sandbox.Home("edge-01").MonitoringClone(_sandbox.Source), ".git")));
    }

    [Fact]
    public void Second_pass_with_the_same_health_neither_commits_nor_touches_the_network()
    {
        var config = _sandbox.Config("edge-01", "web");
        var (first, _) = _sandbox.Publisher("edge-01");
        first.Publish(config, MonitoringSandbox.Report("edge-01", Now.AddMinutes(-5), MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);
        var tip = _sandbox.RemoteTip();

        var (second, git) = _sandbox.Publisher("edge-01");
        var result = Assert.Single(second.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.False(result.Committed);
        Assert.False(result.Pushed);
        Assert.Null(result.Error);
        Assert.Equal(tip, _sandbox.RemoteTip());
        Assert.Equal(0, git.Stats.NetworkCalls);
        Assert.Equal(0, git.Stats.Commits);
        Assert.True(git.Stats.Processes <= 3, $"an unchanged report took {git.Stats.Processes} git processes");
    }

    [Fact]
    public void Two_apps_in_one_repo_make_one_commit_and_a_failure_shows_in_the_message()
    {
        var config = _sandbox.Config("edge-01", "web", "api");
        var (publisher, git) = _sandbox.Publisher("edge-01");
        var failed = MonitoringSandbox.Healthy("web", _sandbox.Source) with { Status = StatusLabels.AppUpdateFailed, Error = "checkout failed" };

        var result = Assert.Single(publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, failed, MonitoringSandbox.Healthy("api", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.True(result.Pushed);
        Assert.Equal(1, git.Stats.Pushes);
        Assert.Equal(["⚠️ Status: 1 of 2 issues (web)"], _sandbox.RemoteLog());
        var report = TomlParser.Parse(_sandbox.RemoteFile("edge-01.toml"));
        Assert.Equal("⚠️ 1 of 2 apps need attention: web", report.GetString("overall_status"));
        Assert.Equal(StatusLabels.AppUpdateFailed, report.GetTable("web").GetString("status"));
        Assert.Equal(StatusLabels.Healthy, report.GetTable("api").GetString("status"));
    }

    [Fact]
    public void Each_config_repo_gets_only_its_own_apps()
    {
        var otherBare = _sandbox.Combine("remotes", "other.git");
        TestGit.Run(null, "init", "--quiet", "--bare", "--initial-branch=prod", otherBare);
        var other = new ConfigRepoSource("file://" + otherBare, "prod");
        var config = _sandbox.Config("edge-01", "web") with
        {
            Applications = [new AgentApplication("web", _sandbox.Source), new AgentApplication("db", other)],
        };
        var report = MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source), MonitoringSandbox.Healthy("db", other), MonitoringSandbox.Healthy("stray", _sandbox.Source));

        var results = _sandbox.Publisher("edge-01").Publisher.Publish(config, report, TestContext.Current.CancellationToken);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Pushed, r.Message));
        var main = TomlParser.Parse(_sandbox.RemoteFile("edge-01.toml"));
        Assert.True(main.ContainsKey("web"));
        Assert.False(main.ContainsKey("db"));
        Assert.False(main.ContainsKey("stray"));
        var prod = TomlParser.Parse(TestGit.Run(otherBare, "show", "refs/heads/prod-monitoring:edge-01.toml"));
        Assert.True(prod.ContainsKey("db"));
        Assert.False(prod.ContainsKey("web"));
    }

    [Fact]
    public void An_app_dropped_from_the_config_is_dropped_from_the_report()
    {
        var (publisher, _) = _sandbox.Publisher("edge-01");
        publisher.Publish(_sandbox.Config("edge-01", "web", "api"), MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source), MonitoringSandbox.Healthy("api", _sandbox.Source)), TestContext.Current.CancellationToken);

        var result = Assert.Single(publisher.Publish(_sandbox.Config("edge-01", "web"), MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source), MonitoringSandbox.Healthy("api", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.True(result.Pushed);
        var report = TomlParser.Parse(_sandbox.RemoteFile("edge-01.toml"));
        Assert.False(report.ContainsKey("api"));
        Assert.Equal("✅ all 1 apps healthy", report.GetString("overall_status"));
    }

    [Fact]
    public void A_malformed_entry_left_in_the_clone_is_reported_unknown_and_the_rest_still_publishes()
    {
        var config = _sandbox.Config("edge-01", "web", "api");
        var (publisher, _) = _sandbox.Publisher("edge-01");
        publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source), MonitoringSandbox.Healthy("api", _sandbox.Source)), TestContext.Current.CancellationToken);
        var clone = _sandbox.Home("edge-01").MonitoringClone(_sandbox.Source);
        var file = Path.Combine(clone, "edge-01.toml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("[api]\nstatus = ", "[api]\nstate = ", StringComparison.Ordinal));

        var result = Assert.Single(publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.True(result.Pushed, result.Message);
        var report = TomlParser.Parse(_sandbox.RemoteFile("edge-01.toml"));
        Assert.Equal(StatusLabels.Unknown, report.GetTable("api").GetString("status"));
        Assert.Equal(StatusLabels.Healthy, report.GetTable("web").GetString("status"));
        Assert.Equal("⚠️ Status: 1 of 2 issues (api)", _sandbox.RemoteLog()[0]);
    }

    [Fact]
    public void A_pass_without_network_keeps_the_report_and_the_next_pass_publishes_it()
    {
        var config = _sandbox.Config("edge-01", "web");
        var (publisher, _) = _sandbox.Publisher("edge-01");
        publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);
        var away = _sandbox.BarePath + ".away";
        Directory.Move(_sandbox.BarePath, away);

        var offline = Assert.Single(publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source, "2222222222222222222222222222222222222222")), TestContext.Current.CancellationToken));

        Assert.True(offline.PendingOffline);
        Assert.True(offline.Committed);
        Assert.False(offline.Pushed);
        Assert.Contains("next pass", offline.Message, StringComparison.Ordinal);
        Assert.NotNull(offline.Error);

        Directory.Move(away, _sandbox.BarePath);
        var (next, _) = _sandbox.Publisher("edge-01");
        var recovered = Assert.Single(next.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source, "2222222222222222222222222222222222222222")), TestContext.Current.CancellationToken));

        Assert.True(recovered.Pushed, recovered.Message);
        Assert.False(recovered.PendingOffline);
        Assert.Equal("2222222222222222222222222222222222222222", TomlParser.Parse(_sandbox.RemoteFile("edge-01.toml")).GetTable("web").GetString("actual-commit"));

        var (quiet, git) = _sandbox.Publisher("edge-01");
        var settled = Assert.Single(quiet.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source, "2222222222222222222222222222222222222222")), TestContext.Current.CancellationToken));
        Assert.False(settled.Pushed);
        Assert.Equal(0, git.Stats.NetworkCalls);
    }

    [Fact]
    public void A_push_beaten_by_another_device_is_redone_on_the_new_tip_and_both_reports_survive()
    {
        var (other, _) = _sandbox.Publisher("edge-02");
        var otherConfig = _sandbox.Config("edge-02", "web");
        var fired = false;
        var host = new HookedHost(line =>
        {
            if (!fired && line.StartsWith("git push", StringComparison.Ordinal))
            {
                fired = true;
                other.Publish(otherConfig, MonitoringSandbox.Report("edge-02", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);
            }
        });
        var (publisher, _) = _sandbox.Publisher("edge-01", host);

        var result = Assert.Single(publisher.Publish(_sandbox.Config("edge-01", "web"), MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.True(fired);
        Assert.True(result.Pushed, result.Message);
        Assert.Equal(1, result.PushRetries);
        Assert.Equal(["README.md", "edge-01.toml", "edge-02.toml"], _sandbox.RemoteFiles());
        Assert.Equal(2, _sandbox.RemoteLog().Count);
        var readme = _sandbox.RemoteFile("README.md");
        Assert.Contains("| edge-01 | web |", readme, StringComparison.Ordinal);
        Assert.Contains("| edge-02 | web |", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clone_whose_origin_is_another_repo_is_left_alone_and_reported()
    {
        var clone = _sandbox.Home("edge-01").MonitoringClone(_sandbox.Source);
        TestGit.Run(null, "init", "--quiet", clone);
        TestGit.Run(clone, "remote", "add", "origin", "file:///somewhere/else.git");

        var result = Assert.Single(_sandbox.Publisher("edge-01").Publisher.Publish(_sandbox.Config("edge-01", "web"), MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.NotNull(result.Error);
        Assert.Contains("remote set-url", result.Error, StringComparison.Ordinal);
        Assert.Equal("file:///somewhere/else.git", TestGit.Run(clone, "remote", "get-url", "origin"));
    }

    [Fact]
    public void Two_devices_racing_to_create_the_branch_both_land()
    {
        var (other, _) = _sandbox.Publisher("edge-02");
        var fired = false;
        var host = new HookedHost(line =>
        {
            if (!fired && line.StartsWith("git push", StringComparison.Ordinal))
            {
                fired = true;
                other.Publish(_sandbox.Config("edge-02", "web"), MonitoringSandbox.Report("edge-02", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);
            }
        });

        var result = Assert.Single(_sandbox.Publisher("edge-01", host).Publisher.Publish(_sandbox.Config("edge-01", "web"), MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.True(result.Pushed, result.Message);
        Assert.Equal(1, result.PushRetries);
        Assert.Equal(["README.md", "edge-01.toml", "edge-02.toml"], _sandbox.RemoteFiles());
        Assert.Single(TestGit.Run(_sandbox.BarePath, "rev-list", "--max-parents=0", "refs/heads/" + _sandbox.Branch).Split('\n'));
    }

    [Fact]
    public void Reading_the_fleet_does_not_make_an_unchanged_report_look_unpublished()
    {
        var config = _sandbox.Config("edge-01", "web");
        var report = MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source));
        _sandbox.Publisher("edge-01").Publisher.Publish(config, report, TestContext.Current.CancellationToken);
        _sandbox.Publisher("edge-02").Publisher.Publish(_sandbox.Config("edge-02", "web"), MonitoringSandbox.Report("edge-02", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);
        var host = new RecordingHost();
        Assert.Equal(2, new FleetStatusReader(_sandbox.Home("edge-01"), new GitClient(host: host), host).Read(config, Now, TestContext.Current.CancellationToken).Count);

        var (publisher, git) = _sandbox.Publisher("edge-01");
        var result = Assert.Single(publisher.Publish(config, report, TestContext.Current.CancellationToken));

        Assert.False(result.Committed);
        Assert.Equal(0, git.Stats.NetworkCalls);
    }

    [Fact]
    public void A_dry_run_publishes_nothing()
    {
        var (publisher, git) = _sandbox.Publisher("edge-01");
        var result = Assert.Single(publisher.Publish(_sandbox.Config("edge-01", "web"), MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)) with { DryRun = true }, TestContext.Current.CancellationToken));

        Assert.False(result.Committed);
        Assert.Contains("dry run", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, git.Stats.Processes);
    }

    [Fact]
    public void Publish_command_without_a_saved_pass_says_what_to_run()
    {
        var configPath = _sandbox.Combine("etc", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
        File.WriteAllText(configPath, $"infra_name = \"edge-01\"\n\n[applications]\nweb = \"{_sandbox.Source}\"\n");
        var (exitCode, _, error) = BuiltCli.Run(null, "publish", "--config", configPath, "--home", _sandbox.Home("edge-01").Home);

        Assert.Equal(1, exitCode);
        Assert.Contains("gitops-agent reconcile", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_report_costs_one_fetch_one_push_and_a_small_constant_number_of_git_processes()
    {
        var config = _sandbox.Config("edge-01", "web", "api");
        _sandbox.Publisher("edge-01").Publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source), MonitoringSandbox.Healthy("api", _sandbox.Source)), TestContext.Current.CancellationToken);

        var (publisher, git) = _sandbox.Publisher("edge-01");
        var changed = MonitoringSandbox.Healthy("web", _sandbox.Source, "2222222222222222222222222222222222222222");
        var result = Assert.Single(publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, changed, MonitoringSandbox.Healthy("api", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.True(result.Pushed);
        Assert.Equal(2, git.Stats.NetworkCalls);
        Assert.Equal(1, git.Stats.Commits);
        Assert.Equal(1, git.Stats.Pushes);
        Assert.True(git.Stats.Processes <= 12, $"a changed report took {git.Stats.Processes} git processes");
    }

    [Fact]
    public void With_a_heartbeat_an_unchanged_report_is_republished_once_it_is_older_than_the_heartbeat()
    {
        var config = _sandbox.Config("edge-01", "web");
        var host = new RecordingHost();
        var git = new GitClient(host: host);
        var publisher = new MonitoringPublisher(_sandbox.Home("edge-01"), git, host) { Heartbeat = TimeSpan.FromMinutes(30) };
        publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now.AddMinutes(-10), MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);

        var early = Assert.Single(publisher.Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));
        var later = new MonitoringPublisher(_sandbox.Home("edge-01"), git, host) { Heartbeat = TimeSpan.FromMinutes(30), Clock = new FixedClock(Now.AddMinutes(31)) };
        var late = Assert.Single(later.Publish(config, MonitoringSandbox.Report("edge-01", Now.AddMinutes(31), MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.False(early.Committed);
        Assert.True(late.Pushed, late.Message);
        Assert.Equal(2, _sandbox.RemoteLog().Count);
        Assert.Equal(1800, TomlParser.Parse(_sandbox.RemoteFile("edge-01.toml")).GetInteger("heartbeat"));
    }

    [Fact]
    public void The_agent_configs_heartbeat_republishes_an_unchanged_report_once_it_is_due()
    {
        var config = _sandbox.Config("edge-01", "web") with { MonitoringHeartbeatHours = 1 };
        var host = new RecordingHost();
        var git = new GitClient(host: host);
        new MonitoringPublisher(_sandbox.Home("edge-01"), git, host) { Clock = new FixedClock(Now) }
            .Publish(config, MonitoringSandbox.Report("edge-01", Now, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);

        var quiet = Assert.Single(new MonitoringPublisher(_sandbox.Home("edge-01"), git, host) { Clock = new FixedClock(Now.AddMinutes(59)) }
            .Publish(config, MonitoringSandbox.Report("edge-01", Now.AddMinutes(59), MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));
        var due = Assert.Single(new MonitoringPublisher(_sandbox.Home("edge-01"), git, host) { Clock = new FixedClock(Now.AddMinutes(61)) }
            .Publish(config, MonitoringSandbox.Report("edge-01", Now.AddMinutes(61), MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));

        Assert.False(quiet.Committed);
        Assert.True(due.Pushed, due.Message);
        Assert.Equal(2, _sandbox.RemoteLog().Count);
        Assert.Equal(3600, TomlParser.Parse(_sandbox.RemoteFile("edge-01.toml")).GetInteger("heartbeat"));
    }
}
