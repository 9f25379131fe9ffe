using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// What a pass costs in git processes and network round trips, held to the floor. The counts are
/// deterministic, so they are asserted here; the timings live in bench/.
/// </summary>
public sealed class PassCostTests : IDisposable
{
    // Per pass and config repo: core.sshCommand lookup, the fetch that asks whether the branch moved, status (HEAD is
    // read from the clone's files).
    private const int ConstantProcesses = 3;

    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string Log => Path.Combine(_sandbox.Root, "hooks.log");

    private List<string> Deploy(int apps)
    {
        var names = Enumerable.Range(1, apps).Select(i => $"app{i}").ToList();
        var commit = _sandbox.CreateApp("shared");
        _sandbox.SetInfraMeta(string.Concat(names.Select(name =>
            _sandbox.Section(name, commit, post: $"echo {name} >> {Log}")
                .Replace(_sandbox.AppUrl(name), _sandbox.AppUrl("shared"), StringComparison.Ordinal))));
        _sandbox.WriteAgentConfig(names);
        Assert.All(_sandbox.Pass().Apps, app => Assert.True(app.Healthy, app.Error));
        return names;
    }

    private (GitCallStats Stats, GitOpsAgent.Core.Reports.PassReport Report) MeasuredPass()
    {
        var engine = new ReconcileEngine(_sandbox.Paths, new RecordingHost());
        var report = engine.RunPass(_sandbox.LoadConfig(), cancellationToken: TestContext.Current.CancellationToken);
        return (engine.Git.Stats, report);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void A_steady_state_pass_is_one_ref_query_and_one_git_process_per_app(int apps)
    {
        Deploy(apps);
        var hooksBefore = File.ReadAllLines(Log).Length;

        var (stats, report) = MeasuredPass();

        Assert.All(report.Apps, app => Assert.False(app.Changed));
        Assert.Equal(1, stats.NetworkCalls);
        Assert.Equal(0, stats.Commits);
        Assert.Equal(0, stats.Pushes);
        Assert.Equal(apps + ConstantProcesses, stats.Processes);
        Assert.Equal(hooksBefore, File.ReadAllLines(Log).Length);
    }

    [Fact]
    public void A_change_pass_fetches_the_config_repo_and_the_changed_app_only_and_runs_only_its_commands()
    {
        var names = Deploy(4);
        var v2 = _sandbox.CommitApp("shared", "app.txt", "v2\n");
        var meta = File.ReadAllText(Path.Combine(_sandbox.ConfigWork, "edge-01", "infra_meta.toml"));
        var app3 = meta.IndexOf("[app3]", StringComparison.Ordinal);
        var hash = meta.IndexOf("code_commit_hash = \"", app3, StringComparison.Ordinal) + "code_commit_hash = \"".Length;
        _sandbox.SetInfraMeta(string.Concat(meta.AsSpan(0, hash), v2, meta.AsSpan(hash + 40)));
        var hooksBefore = File.ReadAllLines(Log).Length;

        var (stats, report) = MeasuredPass();

        Assert.Equal(["app3"], report.Apps.Where(app => app.Changed).Select(app => app.Name));
        // The config repo's fetch (also the question whether it moved), and the fetch of the one app whose commit is new.
        Assert.Equal(2, stats.NetworkCalls);
        Assert.Equal(0, stats.Commits);
        Assert.Equal(["app3"], File.ReadAllLines(Log).Skip(hooksBefore));
        Assert.Equal(names.Count, report.Apps.Count(app => app.Healthy));
    }

    [Fact]
    public void A_change_to_a_commit_the_clone_already_has_needs_no_app_fetch()
    {
        var first = _sandbox.CreateApp("web");
        _sandbox.CommitApp("web", "app.txt", "v2\n");
        var second = TestGit.Run(Path.Combine(_sandbox.Work, "web"), "rev-parse", "HEAD");
        _sandbox.SetInfraMeta(_sandbox.Section("web", first));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
        _sandbox.SetInfraMeta(_sandbox.Section("web", second));
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
        _sandbox.SetInfraMeta(_sandbox.Section("web", first));

        var (stats, report) = MeasuredPass();

        Assert.True(Assert.Single(report.Apps).Changed);
        // Only the config repo's fetch: the first commit came with the first deployment and is still in the clone.
        Assert.Equal(1, stats.NetworkCalls);
    }
}
