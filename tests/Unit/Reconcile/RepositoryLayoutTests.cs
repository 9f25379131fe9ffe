using GitOpsAgent.Core.Git;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>What the agent reads from a clone's files instead of asking git is what git answers.</summary>
public sealed class RepositoryLayoutTests : IDisposable
{
    private readonly TempDirectory _dir = new("gitops-layout");

    [Fact]
    public void HEAD_read_from_the_files_is_what_git_resolves_on_a_branch_detached_and_after_the_refs_are_packed()
    {
        var repo = Path.Combine(_dir.Path, "repo");
        TestGit.Run(null, "init", "-q", repo);
        File.WriteAllText(Path.Combine(repo, "a.txt"), "one\n");
        TestGit.Run(repo, "add", "a.txt");
        TestGit.Run(repo, "commit", "-q", "-m", "one");
        var layout = GitRepositoryLayout.Open(repo)!;

        Assert.Equal(TestGit.Run(repo, "rev-parse", "HEAD").Trim(), layout.ReadHead());

        TestGit.Run(repo, "pack-refs", "--all");
        Assert.False(File.Exists(Path.Combine(repo, ".git", "refs", "heads", "main")));
        Assert.Equal(TestGit.Run(repo, "rev-parse", "HEAD").Trim(), layout.ReadHead());

        File.WriteAllText(Path.Combine(repo, "a.txt"), "two\n");
        TestGit.Run(repo, "commit", "-q", "-am", "two");
        TestGit.Run(repo, "checkout", "-q", "--detach", "HEAD~1");
        Assert.Equal(TestGit.Run(repo, "rev-parse", "HEAD").Trim(), layout.ReadHead());
    }

    [Fact]
    public void An_unborn_branch_or_a_HEAD_that_is_not_plain_is_left_to_git()
    {
        var repo = Path.Combine(_dir.Path, "empty");
        TestGit.Run(null, "init", "-q", repo);
        var layout = GitRepositoryLayout.Open(repo)!;

        Assert.Null(layout.ReadHead());

        File.WriteAllText(Path.Combine(repo, ".git", "HEAD"), "not a ref\n");
        Assert.Null(layout.ReadHead());
    }

    public void Dispose() => _dir.Dispose();
}
