using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// What a device downloads, asserted by the objects its clones hold (the byte figures are in bench/, `bytes`): an app's
/// pinned commit and nothing of its history, the config repo's files for this device and nothing of the others'.
/// The remotes allow partial clones, as GitHub, GitLab and Gitea do (see GitServerSettings).
/// </summary>
public sealed class SparseTransportTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The ids of objects reachable from <paramref name="commit"/> that the repo does not have (never fetching them).</summary>
    private static HashSet<string> Missing(string repo, string commit) =>
        [.. Lines(TestGit.Run(repo, "rev-list", "--objects", "--missing=print", commit)).Where(line => line.StartsWith('?')).Select(line => line[1..])];

    private static string BlobOf(string repo, string commit, string path) => TestGit.Run(repo, "rev-parse", $"{commit}:{path}");

    private string DeployWebWithHistory(string pin)
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", pin));
        _sandbox.WriteAgentConfig(["web"]);
        var web = Assert.Single(_sandbox.Pass().Apps);
        Assert.True(web.Healthy, web.Error);
        return web.ActualCommit!;
    }

    [Fact]
    public void A_first_deployment_fetches_the_pinned_commit_alone_not_the_history_or_later_commits()
    {
        _sandbox.CreateApp("web");
        _sandbox.CommitApp("web", "app.txt", "v2\n");
        var pinned = TestGit.Run(Path.Combine(_sandbox.Work, "web"), "rev-parse", "HEAD");
        _sandbox.CommitApp("web", "later.txt", "v3, not deployed\n");

        Assert.Equal(pinned, DeployWebWithHistory(pinned));

        var clone = _sandbox.AppPath("web");
        Assert.True(File.Exists(Path.Combine(clone, ".git", "shallow")));
        Assert.Equal("1", TestGit.Run(clone, "rev-list", "--count", "--all"));
        Assert.Equal([CodeUpdater.FetchedRefPrefix + pinned], Lines(TestGit.Run(clone, "for-each-ref", "--format=%(refname)")));
        Assert.Equal("v2\n", File.ReadAllText(Path.Combine(clone, "app.txt")));
    }

    [Fact]
    public void A_new_pin_brings_that_commit_only_and_the_old_one_stays_for_a_rollback()
    {
        var first = _sandbox.CreateApp("web");
        DeployWebWithHistory(first);
        _sandbox.CommitApp("web", "app.txt", "v2\n");
        _sandbox.CommitApp("web", "app.txt", "v3\n");
        var third = TestGit.Run(Path.Combine(_sandbox.Work, "web"), "rev-parse", "HEAD");

        Assert.Equal(third, DeployWebWithHistory(third));

        var clone = _sandbox.AppPath("web");
        // The commit between the two pins was never needed, so it never came.
        Assert.Equal(2, Lines(TestGit.Run(clone, "rev-list", "--all")).Length);
        Assert.Equal("commit", TestGit.Run(clone, "cat-file", "-t", first));
    }

    [Fact]
    public void An_abbreviated_pin_is_looked_for_on_the_default_branch_and_the_operator_is_told_a_full_id_would_be_cheaper()
    {
        _sandbox.CreateApp("web");
        _sandbox.CommitApp("web", "app.txt", "v2\n");
        var pinned = TestGit.Run(Path.Combine(_sandbox.Work, "web"), "rev-parse", "HEAD");
        _sandbox.SetInfraMeta(_sandbox.Section("web", pinned[..12]));
        _sandbox.WriteAgentConfig(["web"]);
        var host = new RecordingHost();

        var web = Assert.Single(_sandbox.Pass(host: host).Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal(pinned, web.ActualCommit);
        Assert.Contains(host.Verbose, line => line.Contains("is abbreviated", StringComparison.Ordinal) && line.Contains("40-digit", StringComparison.Ordinal) && line.Contains("at the tip of the default branch", StringComparison.Ordinal));
        Assert.Equal("1", TestGit.Run(_sandbox.AppPath("web"), "rev-list", "--count", "--all"));
    }

    [Fact]
    public void The_config_clone_holds_the_device_folder_and_the_files_its_apps_name_not_the_other_devices_files()
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.WriteConfigRepoFile("shared/common.env", "common=1\n");
        _sandbox.WriteConfigRepoFile("shared/unused.env", "unused=1\n");
        _sandbox.WriteConfigRepoFile("edge-02/infra_meta.toml", "# another device\n");
        _sandbox.WriteConfigRepoFile("edge-02/web.env", "secret of edge-02\n");
        var dst = Path.Combine(_sandbox.AppPath("web"), "common.env");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit, configFiles: [("shared/common.env", dst)]));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal("common=1\n", File.ReadAllText(dst));
        var clone = _sandbox.Paths.ConfigClone(_sandbox.LoadConfig().ConfigRepos[0]);
        var head = TestGit.Run(clone, "rev-parse", "HEAD");
        Assert.True(File.Exists(Path.Combine(clone, "edge-01", "infra_meta.toml")));
        Assert.True(File.Exists(Path.Combine(clone, "shared", "common.env")));
        Assert.False(Directory.Exists(Path.Combine(clone, "edge-02")));
        Assert.False(File.Exists(Path.Combine(clone, "shared", "unused.env")));
        var missing = Missing(clone, head);
        Assert.Contains(BlobOf(clone, head, "edge-02/web.env"), missing);
        Assert.Contains(BlobOf(clone, head, "shared/unused.env"), missing);
        Assert.DoesNotContain(BlobOf(clone, head, "shared/common.env"), missing);
        Assert.True(File.Exists(Path.Combine(clone, ".git", "shallow")));
    }

    [Fact]
    public void A_file_the_apps_stop_naming_leaves_the_checkout_and_a_newly_named_one_arrives()
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.WriteConfigRepoFile("shared/a.env", "a\n");
        _sandbox.WriteConfigRepoFile("shared/b.env", "b\n");
        var dst = Path.Combine(_sandbox.AppPath("web"), "app.env");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit, configFiles: [("shared/a.env", dst)]));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);

        _sandbox.SetInfraMeta(_sandbox.Section("web", commit, configFiles: [("shared/b.env", dst)]));
        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal("b\n", File.ReadAllText(dst));
        var clone = _sandbox.Paths.ConfigClone(_sandbox.LoadConfig().ConfigRepos[0]);
        Assert.False(File.Exists(Path.Combine(clone, "shared", "a.env")));
        Assert.True(File.Exists(Path.Combine(clone, "shared", "b.env")));
    }

    [Fact]
    public void A_full_config_clone_from_an_earlier_version_is_converted_in_place_without_losing_what_it_has()
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.WriteConfigRepoFile("edge-02/web.env", "edge-02\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit));
        _sandbox.WriteAgentConfig(["web"]);
        var clone = _sandbox.Paths.ConfigClone(_sandbox.LoadConfig().ConfigRepos[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(clone)!);
        TestGit.Run(_sandbox.Root, "clone", "--quiet", _sandbox.ConfigRepoUrl, clone);
        var blob = BlobOf(clone, "HEAD", "edge-02/web.env");

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.False(Directory.Exists(Path.Combine(clone, "edge-02")));
        Assert.True(File.Exists(Path.Combine(clone, "edge-01", "infra_meta.toml")));
        Assert.Equal("true", TestGit.Run(clone, "config", "remote.origin.promisor"));
        // What the full clone had is still there: nothing was thrown away to be downloaded again.
        Assert.DoesNotContain(blob, Missing(clone, "HEAD"));
    }

    [Fact]
    public void A_server_that_refuses_fetching_by_id_gets_the_default_branch_fetched_deeper_until_the_pin_is_in_it()
    {
        _sandbox.CreateApp("web");
        _sandbox.CommitApp("web", "app.txt", "v2\n");
        var pinned = TestGit.Run(Path.Combine(_sandbox.Work, "web"), "rev-parse", "HEAD");
        _sandbox.CommitApp("web", "app.txt", "v3\n");
        using var daemon = new GitDaemonProxy(_sandbox.Remotes) { ProtocolV0 = true };
        _sandbox.SetInfraMeta(_sandbox.Section("web", pinned).Replace(_sandbox.AppUrl("web"), daemon.UrlOf("web.git"), StringComparison.Ordinal));
        _sandbox.WriteAgentConfig(["web"]);
        var host = new RecordingHost();

        var web = Assert.Single(_sandbox.Pass(host: host).Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal(pinned, web.ActualCommit);
        Assert.Contains(host.Warnings, line => line.Contains($"did not hand out commit {pinned} by id", StringComparison.Ordinal) && line.Contains("protocol v2", StringComparison.Ordinal) && line.Contains("within 2 commits", StringComparison.Ordinal));
        // The tip and the pin under it; not the first commit, nor the other branches.
        Assert.Equal("2", TestGit.Run(_sandbox.AppPath("web"), "rev-list", "--count", "--all"));
        Assert.Contains(CodeUpdater.FetchedRefPrefix + pinned, TestGit.Run(_sandbox.AppPath("web"), "for-each-ref", "--format=%(refname)"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_idle_pass_asks_for_the_tracked_branch_alone_however_many_branches_and_tags_the_repo_has()
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit));
        var bare = Path.Combine(_sandbox.Remotes, "deploy-config.git");
        for (var i = 0; i < 300; i++)
        {
            TestGit.Run(bare, "branch", $"feature/some-long-branch-name-{i:D4}", "main");
            TestGit.Run(bare, "tag", $"release-{i:D4}", "main");
        }

        using var daemon = new GitDaemonProxy(_sandbox.Remotes);
        _sandbox.WriteAgentConfig(["web"]);
        File.WriteAllText(_sandbox.ConfigFile, File.ReadAllText(_sandbox.ConfigFile).Replace(_sandbox.ConfigRepoUrl, daemon.UrlOf("deploy-config.git"), StringComparison.Ordinal));
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
        daemon.ResetCounts();

        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);

        // One ref advertised instead of 601: the target is 1 KiB per config repo, both ways.
        Assert.InRange(daemon.ToServer + daemon.ToClient, 1, 1024);
    }
}
