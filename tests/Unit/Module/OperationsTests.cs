using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cmdlets;

/// <summary>The Core services behind the cmdlets, on real repos: reconcile-and-publish, inspection, publishing, failure kinds.</summary>
public sealed class OperationsTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Deploy(string? pre = null, string? post = null)
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit, pre: pre, post: post));
        _sandbox.WriteAgentConfig(["web"]);
        return commit;
    }

    private bool MonitoringBranchExists() =>
        TestGit.Run(null, "ls-remote", "--heads", _sandbox.ConfigRepoUrl, "main-monitoring").Length > 0;

    private PassResult Run(ReconcileOptions? options = null, bool publish = true) =>
        new ReconcileRunner(_sandbox.Paths, new RecordingHost()).Run(_sandbox.LoadConfig(), options ?? new ReconcileOptions(), publish, Cancel);

    [Fact]
    public void A_pass_deploys_and_publishes_the_health_report()
    {
        var commit = Deploy();

        var result = Run();

        var web = Assert.Single(result.Report.Apps);
        Assert.True(web.Changed);
        Assert.Equal(commit, web.ActualCommit);
        Assert.True(Assert.Single(result.Published).Pushed);
        Assert.True(MonitoringBranchExists());
        Assert.NotNull(LastPassStore.Load(_sandbox.Paths));
    }

    [Fact]
    public void Without_publishing_nothing_reaches_the_monitoring_branch()
    {
        Deploy();

        var result = Run(publish: false);

        Assert.Empty(result.Published);
        Assert.False(MonitoringBranchExists());
    }

    [Fact]
    public void A_dry_run_changes_nothing_saves_nothing_and_publishes_nothing()
    {
        Deploy();

        var result = Run(new ReconcileOptions { DryRun = true });

        var web = Assert.Single(result.Report.Apps);
        Assert.False(web.Changed);
        Assert.Contains("clone", web.Steps);
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));
        Assert.Null(LastPassStore.Load(_sandbox.Paths));
        Assert.Empty(result.Published);
        Assert.False(MonitoringBranchExists());
    }

    [Fact]
    public void Unknown_app_names_stop_the_pass_before_it_starts()
    {
        Deploy();

        var ex = Assert.Throws<UnknownAppException>(() => Run(new ReconcileOptions { Apps = ["web", "nope"] }));

        Assert.Equal(["nope"], ex.Names);
        Assert.Equal(["web"], ex.Known);
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));
    }

    [Fact]
    public void Inspecting_shows_the_diff_without_changing_the_device_then_the_last_status()
    {
        var commit = Deploy();
        var inspector = new AppStateInspector(_sandbox.Paths, new RecordingHost());

        var before = Assert.Single(inspector.Inspect(_sandbox.LoadConfig(), [], Cancel));

        Assert.False(before.InSync);
        Assert.Equal(["NotCloned"], before.Drift);
        Assert.Equal(commit, before.DesiredCommit);
        Assert.Null(before.ActualCommit);
        Assert.Null(before.LastStatus);
        Assert.NotEmpty(before.PlannedActions);
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));

        Run(publish: false);
        var after = Assert.Single(inspector.Inspect(_sandbox.LoadConfig(), ["web"], Cancel));

        Assert.True(after.InSync);
        Assert.Empty(after.Drift);
        Assert.Equal(commit, after.ActualCommit);
        Assert.Equal(StatusLabels.Healthy, after.LastStatus);
        Assert.NotNull(after.LastPassAt);
    }

    [Fact]
    public void Publishing_the_last_pass_needs_a_pass_first()
    {
        Deploy();
        var publisher = new LastPassPublisher(_sandbox.Paths, new RecordingHost());

        Assert.Throws<NoPassYetException>(() => publisher.Publish(_sandbox.LoadConfig(), Cancel));

        Run(publish: false);
        var published = Assert.Single(publisher.Publish(_sandbox.LoadConfig(), Cancel));
        Assert.True(published.Pushed);
        Assert.True(MonitoringBranchExists());
    }

    [Fact]
    public void A_healthy_app_has_no_failure()
    {
        Deploy();
        var report = Run(publish: false).Report;

        Assert.Null(AppFailure.For(report.Apps[0], report));
    }

    [Fact]
    public void A_failing_post_command_is_a_post_command_failure()
    {
        Deploy(post: "exit 4");
        var report = Run(publish: false).Report;

        var failure = AppFailure.For(report.Apps[0], report)!;

        Assert.Equal(AppFailureKind.PostCommandFailed, failure.Kind);
        Assert.Equal("GitOps.PostCommandFailed", failure.ErrorId);
        Assert.Contains("web", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_pre_command_is_a_pre_command_failure()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1, pre: "exit 2"));
        _sandbox.WriteAgentConfig(["web"]);
        Run(publish: false);
        var v2 = _sandbox.CommitApp("web", "app.txt", "v2\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2, pre: "exit 2", extra: "on_failure = \"hold\"\n"));

        var report = Run(publish: false).Report;

        Assert.Equal(AppFailureKind.PreCommandFailed, AppFailure.For(report.Apps[0], report)!.Kind);
    }

    [Fact]
    public void A_bad_section_is_invalid_config()
    {
        _sandbox.SetInfraMeta("[web]\ncode_url = \"x\"\n");
        _sandbox.WriteAgentConfig(["web"]);

        var report = Run(publish: false).Report;

        Assert.Equal(AppFailureKind.InvalidConfig, AppFailure.For(report.Apps[0], report)!.Kind);
    }

    [Fact]
    public void A_config_repo_that_was_never_reached_is_unreachable()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_sandbox.ConfigFile)!);
        File.WriteAllText(_sandbox.ConfigFile, $"infra_name = \"edge-01\"\n[applications]\nweb = \"file://{_sandbox.Remotes}/missing.git@main\"\n");

        var report = Run(publish: false).Report;

        Assert.Equal(AppFailureKind.ConfigRepoUnreachable, AppFailure.For(report.Apps[0], report)!.Kind);
    }

    [Fact]
    public void App_names_for_completion_come_from_the_config_leniently()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_sandbox.ConfigFile)!);
        File.WriteAllText(_sandbox.ConfigFile, "interval = \"not a number\"\n[applications]\nweb = \"a@main\"\nworker = \"b@main\"\napi = \"c@main\"\n");

        Assert.Equal(["web", "worker", "api"], AppNameSource.Read(_sandbox.ConfigFile));
        Assert.Equal(["web", "worker"], AppNameSource.Complete(_sandbox.ConfigFile, "W"));
        Assert.Empty(AppNameSource.Read(_sandbox.Root + "/missing.toml"));
        File.WriteAllText(_sandbox.ConfigFile, "[applications\n");
        Assert.Empty(AppNameSource.Read(_sandbox.ConfigFile));
    }
}
