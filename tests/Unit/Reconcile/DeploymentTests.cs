using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

public sealed class DeploymentTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string HookLog => Path.Combine(_sandbox.Root, "hooks.log");

    private string EnvFile => Path.Combine(_sandbox.Device, "etc", "web", "web.env");

    private string DeployWeb(string commit)
    {
        _sandbox.WriteConfigRepoFile("edge-01/web.env", "PORT=8080\n");
        _sandbox.SetInfraMeta(_sandbox.Section(
            "web",
            commit,
            pre: $"echo \"pre $GITOPS_APP $GITOPS_PREVIOUS_COMMIT\" >> {HookLog}",
            post: $"echo \"post $GITOPS_APP $GITOPS_INFRA $GITOPS_COMMIT $GITOPS_PREVIOUS_COMMIT\" >> {HookLog}",
            configFiles: [("edge-01/web.env", EnvFile)]));
        _sandbox.WriteAgentConfig(["web"]);
        return commit;
    }

    [Fact]
    public void First_deployment_clones_the_pinned_commit_copies_config_and_runs_the_post_command()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.CommitApp("web", "app.txt", "web v2\n");
        DeployWeb(v1);

        var report = _sandbox.Pass();

        var web = Assert.Single(report.Apps);
        Assert.Equal(StatusLabels.Healthy, web.Status);
        Assert.True(web.Changed);
        Assert.Contains(DriftReason.NotCloned, web.Drift);
        Assert.Equal(v1, web.ActualCommit);
        Assert.Equal(v1, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
        Assert.Equal("web v1\n", File.ReadAllText(Path.Combine(_sandbox.AppPath("web"), "app.txt")));
        Assert.Equal("PORT=8080\n", File.ReadAllText(EnvFile));
        // No pre command before the first clone: there is nothing to stop yet.
        Assert.Equal([$"post web edge-01 {v1} "], File.ReadAllLines(HookLog));
        Assert.Equal(0, web.Commands.Single().ExitCode);
        Assert.Equal("✅ all 1 apps healthy", report.OverallStatus);
    }

    [Fact]
    public void A_second_pass_with_nothing_changed_runs_no_command_fetches_nothing_and_writes_nothing()
    {
        DeployWeb(_sandbox.CreateApp("web"));
        _sandbox.Pass();
        var envWritten = File.GetLastWriteTimeUtc(EnvFile);
        var hookLines = File.ReadAllLines(HookLog).Length;

        var host = new RecordingHost();
        var engine = new GitOpsAgent.Core.Reconcile.ReconcileEngine(_sandbox.Paths, host);
        var report = engine.RunPass(_sandbox.LoadConfig(), cancellationToken: TestContext.Current.CancellationToken);

        var web = Assert.Single(report.Apps);
        Assert.False(web.Changed);
        Assert.Empty(web.Drift);
        Assert.Empty(web.Commands);
        Assert.Equal(hookLines, File.ReadAllLines(HookLog).Length);
        Assert.Equal(envWritten, File.GetLastWriteTimeUtc(EnvFile));
        Assert.Empty(host.ShouldProcessTargets);
        // The floor for an idle pass: one remote ref query for the config repo, nothing else over the network.
        Assert.Equal(1, engine.Git.Stats.NetworkCalls);
        Assert.Equal(0, engine.Git.Stats.Commits);
    }

    [Fact]
    public void Moving_the_pinned_commit_checks_it_out_and_tells_hooks_both_commits()
    {
        var v1 = DeployWeb(_sandbox.CreateApp("web"));
        _sandbox.Pass();
        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        DeployWeb(v2);

        var report = _sandbox.Pass();

        var web = Assert.Single(report.Apps);
        Assert.True(web.Healthy);
        Assert.Contains(DriftReason.WrongCommit, web.Drift);
        Assert.Contains(DriftReason.DesiredStateChanged, web.Drift);
        Assert.Equal(v2, web.ActualCommit);
        Assert.Equal("web v2\n", File.ReadAllText(Path.Combine(_sandbox.AppPath("web"), "app.txt")));
        var log = File.ReadAllLines(HookLog);
        Assert.Equal($"pre web {v1}", log[^2]);
        Assert.Equal($"post web edge-01 {v2} {v1}", log[^1]);
    }

    [Fact]
    public void An_abbreviated_commit_id_is_resolved_to_the_full_id()
    {
        var v1 = _sandbox.CreateApp("web");
        DeployWeb(v1[..10]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal(v1, web.DesiredCommit);
        Assert.Equal(v1, web.ActualCommit);
    }

    [Fact]
    public void A_dry_run_plans_but_changes_nothing_on_the_device()
    {
        DeployWeb(_sandbox.CreateApp("web"));

        var report = _sandbox.Pass(new GitOpsAgent.Core.Reconcile.ReconcileOptions { DryRun = true });

        var web = Assert.Single(report.Apps);
        Assert.True(report.DryRun);
        Assert.False(web.Changed);
        Assert.Contains(web.Steps, step => step == "clone");
        Assert.Contains(web.Steps, step => step == "post");
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));
        Assert.False(File.Exists(EnvFile));
        Assert.False(File.Exists(HookLog));
        Assert.False(File.Exists(_sandbox.Paths.LastPassFile));
    }

    [Fact]
    public void Apps_are_applied_in_declaration_order_and_the_pass_is_saved_for_status()
    {
        var log = Path.Combine(_sandbox.Root, "order.log");
        var zeta = _sandbox.CreateApp("zeta");
        var alpha = _sandbox.CreateApp("alpha");
        _sandbox.SetInfraMeta(
            _sandbox.Section("zeta", zeta, post: $"echo zeta >> {log}") +
            _sandbox.Section("alpha", alpha, post: $"echo alpha >> {log}"));
        _sandbox.WriteAgentConfig(["zeta", "alpha"]);

        var report = _sandbox.Pass();

        Assert.Equal(["zeta", "alpha"], File.ReadAllLines(log));
        Assert.Equal(["zeta", "alpha"], report.Apps.Select(a => a.Name));
        var saved = GitOpsAgent.Core.State.LastPassStore.Load(_sandbox.Paths);
        Assert.NotNull(saved);
        Assert.Equal(report.Apps.Select(a => (a.Name, a.Status, a.ActualCommit)), saved.Apps.Select(a => (a.Name, a.Status, a.ActualCommit)));
    }
}
