using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>What a killed pass leaves behind is repaired by the next one; what the agent does not own is left alone.</summary>
public sealed class LeftoverRepairTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public LeftoverRepairTests()
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web")));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
    }

    public void Dispose() => _sandbox.Dispose();

    private string ConfigClone => _sandbox.Paths.ConfigClone(ConfigRepoSource.Parse(_sandbox.ConfigSource));

    [Fact]
    public void The_config_clone_uses_the_folder_name_existing_installations_use()
    {
        var source = ConfigRepoSource.Parse(_sandbox.ConfigSource);
        Assert.Equal(Path.Combine(_sandbox.Home, "app-configs", $"deploy-config@main-{source.UrlHash8}"), ConfigClone);
        Assert.True(Directory.Exists(Path.Combine(ConfigClone, ".git")));
    }

    [Fact]
    public void A_stale_index_lock_in_the_config_clone_is_removed()
    {
        File.WriteAllText(Path.Combine(ConfigClone, ".git", "index.lock"), string.Empty);
        _sandbox.WriteConfigRepoFile("edge-01/notes.txt", "moved on\n");
        var head = _sandbox.CommitConfig();

        var report = _sandbox.Pass();

        Assert.True(Assert.Single(report.Apps).Healthy);
        Assert.Equal(head, Assert.Single(report.ConfigRepos).Commit);
        Assert.False(File.Exists(Path.Combine(ConfigClone, ".git", "index.lock")));
    }

    [Fact]
    public void A_rebase_left_in_progress_in_the_config_clone_is_cleared()
    {
        Directory.CreateDirectory(Path.Combine(ConfigClone, ".git", "rebase-merge"));
        _sandbox.WriteConfigRepoFile("edge-01/notes.txt", "moved on\n");
        var head = _sandbox.CommitConfig();

        var report = _sandbox.Pass();

        Assert.Equal(head, Assert.Single(report.ConfigRepos).Commit);
        Assert.False(Directory.Exists(Path.Combine(ConfigClone, ".git", "rebase-merge")));
    }

    [Fact]
    public void Half_finished_clones_of_the_app_and_the_config_repo_are_removed_and_redone()
    {
        Directory.Delete(_sandbox.AppPath("web"), recursive: true);
        var appLeftover = Path.Combine(Path.GetDirectoryName(_sandbox.AppPath("web"))!, ".web.gitops-clone-deadbeef");
        Directory.CreateDirectory(Path.Combine(appLeftover, ".git"));
        Directory.Delete(ConfigClone, recursive: true);
        var configLeftover = ConfigClone + ".gitops-clone-deadbeef";
        Directory.CreateDirectory(Path.Combine(configLeftover, ".git"));

        var report = _sandbox.Pass();

        Assert.True(Assert.Single(report.Apps).Healthy);
        Assert.False(Directory.Exists(appLeftover));
        Assert.False(Directory.Exists(configLeftover));
        Assert.True(Directory.Exists(Path.Combine(_sandbox.AppPath("web"), ".git")));
    }

    [Fact]
    public void Edits_to_the_config_clone_are_discarded()
    {
        var meta = Path.Combine(ConfigClone, "edge-01", "infra_meta.toml");
        var original = File.ReadAllText(meta);
        File.WriteAllText(meta, "garbage = [\n");
        File.WriteAllText(Path.Combine(ConfigClone, "stray.txt"), "x");

        var report = _sandbox.Pass();

        Assert.True(Assert.Single(report.Apps).Healthy);
        Assert.Equal(original, File.ReadAllText(meta));
        Assert.False(File.Exists(Path.Combine(ConfigClone, "stray.txt")));
    }

    [Fact]
    public void A_config_clone_folder_holding_another_repo_is_refused_not_reset()
    {
        _sandbox.CreateApp("other");
        Directory.Delete(ConfigClone, recursive: true);
        TestGit.Run(null, "clone", "--quiet", _sandbox.AppUrl("other"), ConfigClone);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.False(web.Healthy);
        Assert.Contains("refuses to reset", web.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(ConfigClone, "app.txt")));
    }

    [Fact]
    public void A_moved_branch_is_fetched_and_an_idle_one_is_not()
    {
        Assert.False(Assert.Single(_sandbox.Pass().ConfigRepos).Fetched);
        _sandbox.WriteConfigRepoFile("edge-01/notes.txt", "moved on\n");
        var head = _sandbox.CommitConfig();

        var repo = Assert.Single(_sandbox.Pass().ConfigRepos);

        Assert.True(repo.Fetched);
        Assert.Equal(head, repo.Commit);
    }

    [Fact]
    public void An_old_index_lock_in_an_app_repo_is_removed_but_a_fresh_one_means_someone_is_working()
    {
        var indexLock = Path.Combine(_sandbox.AppPath("web"), ".git", "index.lock");
        File.WriteAllText(indexLock, string.Empty);

        var busy = Assert.Single(_sandbox.Pass().Apps);
        Assert.False(busy.Healthy);
        Assert.Contains("another git command is working", busy.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(indexLock));

        File.SetLastWriteTimeUtc(indexLock, DateTime.UtcNow.AddHours(-1));
        var repaired = Assert.Single(_sandbox.Pass().Apps);
        Assert.True(repaired.Healthy, repaired.Error);
        Assert.False(File.Exists(indexLock));
        Assert.Contains(repaired.Warnings, w => w.Contains("stale", StringComparison.Ordinal));
    }
}
