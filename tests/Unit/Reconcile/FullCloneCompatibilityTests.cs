using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// Devices upgraded from a version that made full clones: their clones are used as they are (nothing downloaded again,
/// history kept), and drift, local-change preservation and a new pin work on them as on the one-commit-deep clones.
/// </summary>
public sealed class FullCloneCompatibilityTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string FullCloneOfWebAt(string commit)
    {
        var clone = _sandbox.AppPath("web");
        Directory.CreateDirectory(Path.GetDirectoryName(clone)!);
        TestGit.Run(_sandbox.Root, "clone", "--quiet", _sandbox.AppUrl("web"), clone);
        TestGit.Run(clone, "checkout", "--quiet", "--detach", commit);
        return clone;
    }

    [Fact]
    public void A_full_clone_at_the_pinned_commit_is_in_sync_and_stays_full()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.CommitApp("web", "app.txt", "v2\n");
        var clone = FullCloneOfWebAt(v1);
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal(v1, web.ActualCommit);
        Assert.False(File.Exists(Path.Combine(clone, ".git", "shallow")));
        Assert.Equal("2", TestGit.Run(clone, "rev-list", "--count", "--all"));
    }

    [Fact]
    public void A_new_pin_and_a_local_change_on_a_full_clone_fetch_the_commit_alone_and_keep_the_change()
    {
        var v1 = _sandbox.CreateApp("web");
        var clone = FullCloneOfWebAt(v1);
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
        var v2 = _sandbox.CommitApp("web", "app.txt", "v2\n");
        _sandbox.CommitApp("web", "later.txt", "not pinned\n");
        File.AppendAllText(Path.Combine(clone, "app.txt"), "edited on the device\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2));

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal(v2, web.ActualCommit);
        Assert.Equal("v2\n", File.ReadAllText(Path.Combine(clone, "app.txt")));
        var kept = Assert.Single(web.PreservedChanges);
        Assert.Contains(CodeUpdater.PreservedRefPrefix, kept, StringComparison.Ordinal);
        Assert.Contains("edited on the device", TestGit.Run(clone, "stash", "show", "-p"), StringComparison.Ordinal);
        // Still a full clone: the history it had is there and the later commit never came.
        Assert.False(File.Exists(Path.Combine(clone, ".git", "shallow")));
        Assert.Equal("commit", TestGit.Run(clone, "cat-file", "-t", v1));
        Assert.Equal("2", TestGit.Run(clone, "rev-list", "--count", v2));
    }
}
