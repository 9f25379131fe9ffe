using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Brings the shared clone of one deployment-config repo to the remote branch head. It asks the remote
/// whether the branch moved before fetching, discards edits made to the clone, repairs what a killed
/// pass left behind, and refuses to touch a clone of some other repo. With commit verification on, a commit is
/// checked before its files are used: an untrusted one is never checked out, and the clone keeps its last
/// trusted commit.
/// </summary>
public sealed class ConfigRepoSync(AgentPaths paths, GitClient git, IAgentHost host, CommitVerifier? verifier = null)
{
    public ConfigRepoState Sync(ConfigRepoSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var clone = paths.ConfigClone(source);
        var state = new ConfigRepoState { Url = source.Url, Branch = source.Branch, ClonePath = clone };
        try
        {
            return SyncCore(source, clone, state);
        }
        catch (GitException ex) when (BrokenClone.Looks(ex.Message) && Directory.Exists(clone))
        {
            // The clone is the agent's own copy of the remote: set aside, it is simply cloned again.
            var movedTo = BrokenClone.MoveAside(paths, clone, Path.GetFileName(clone), DateTimeOffset.UtcNow);
            host.WriteWarning($"config repo {source}: git could not read the clone ({ex.Message.Split('\n')[0].Trim()}); it was moved to {movedTo} and is cloned afresh");
            return Retry(source, clone, state);
        }
        catch (GitException ex)
        {
            return state with { Error = ex.Message, Commit = LocalHead(clone) };
        }
        catch (IOException ex)
        {
            return state with { Error = $"{clone}: {ex.Message}" };
        }
    }

    private ConfigRepoState Retry(ConfigRepoSource source, string clone, ConfigRepoState state)
    {
        try
        {
            return SyncCore(source, clone, state);
        }
        catch (GitException ex)
        {
            return state with { Error = ex.Message, Commit = LocalHead(clone) };
        }
    }

    private ConfigRepoState SyncCore(ConfigRepoSource source, string clone, ConfigRepoState state)
    {
        RemoveHalfFinishedClones(clone);
        var exists = Directory.Exists(clone);
        GitRepositoryLayout? layout = null;
        if (exists)
        {
            layout = GitRepositoryLayout.Open(clone);
            if (layout is null)
            {
                // The agent's own folder under its home, without its .git: set aside whole and cloned again.
                var movedTo = BrokenClone.MoveAside(paths, clone, Path.GetFileName(clone), DateTimeOffset.UtcNow);
                host.WriteWarning($"config repo {source}: {clone} was no longer a git clone; it was moved to {movedTo} and is cloned afresh");
                return SyncCore(source, clone, state);
            }

            var origin = layout.ReadOriginUrl();
            if (origin is null || !string.Equals(ConfigRepoSource.Normalize(origin), source.NormalizedUrl, StringComparison.Ordinal))
            {
                return state with { Error = $"{clone} is a clone of {origin ?? "no origin"}, not of {source.Url}; the agent refuses to reset it. Move it away so the next pass clones {source.Url} afresh." };
            }

            Repair(layout);
        }

        host.WriteVerbose($"asking {source.Url} where {source.Branch} is");
        var remote = git.TryRun(exists ? clone : null, GitCallKind.Network, "ls-remote", "--heads", "--", source.Url, "refs/heads/" + source.Branch);
        if (!remote.Succeeded)
        {
            var reason = remote.TimedOut ? "timed out" : remote.StandardError.Trim();
            var head = exists ? LocalHead(clone) : null;
            if (head is not null)
            {
                host.WriteWarning($"config repo {source} is unreachable ({reason}); using the last fetched commit {CommitId.Abbreviate(head)}");
                return state with { Commit = head, Reachable = false };
            }

            return state with { Error = $"config repo {source.Url} is unreachable and has never been cloned here: {reason}. Check the URL, network and SSH key (ssh -T) for this device." };
        }

        var remoteHead = remote.StandardOutput.Split('\t', 2)[0].Trim();
        if (remoteHead.Length == 0)
        {
            return state with { Reachable = true, Error = $"branch '{source.Branch}' does not exist in {source.Url}. Fix the branch after '@' in the agent config's [applications]." };
        }

        if (!exists)
        {
            var refused = CloneFresh(source, clone);
            return refused is null
                ? state with { Reachable = true, Fetched = true, Commit = LocalHead(clone) }
                : state with { Reachable = true, Fetched = true, UntrustedLabel = refused.Label, Error = refused.Message };
        }

        var localHead = LocalHead(clone);
        var dirty = git.Run(clone, GitCallKind.Local, "status", "--porcelain", "--untracked-files=all").Length > 0;
        if (string.Equals(localHead, remoteHead, StringComparison.Ordinal) && !dirty)
        {
            // Checked every pass, not only when it arrives: verification may have been switched on since.
            return Untrusted(clone, localHead) is { } problem
                ? state with { Reachable = true, Commit = localHead, UntrustedLabel = problem.Label, Error = problem.Message }
                : state with { Reachable = true, Commit = localHead };
        }

        var fetched = false;
        if (!string.Equals(localHead, remoteHead, StringComparison.Ordinal))
        {
            git.Run(clone, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "origin", $"+refs/heads/{source.Branch}:refs/remotes/origin/{source.Branch}");
            fetched = true;
        }

        var incoming = git.Run(clone, GitCallKind.Local, "rev-parse", "--verify", $"refs/remotes/origin/{source.Branch}^{{commit}}").Trim();
        if (Untrusted(clone, incoming) is { } refusal)
        {
            // Not checked out: the clone, and so every app, stays at the last trusted commit.
            host.WriteWarning($"config repo {source}: {refusal.Message}");
            return state with { Reachable = true, Fetched = fetched, Commit = localHead, UntrustedLabel = refusal.Label, Error = refusal.Message };
        }

        // A force-push: git's answer is followed (the branch is what the repo says), and the report says history was rewritten.
        string? rewritten = null;
        if (fetched && localHead is not null && !git.TryRun(clone, GitCallKind.Local, "merge-base", "--is-ancestor", localHead, incoming).Succeeded)
        {
            rewritten = $"the history of {source.Branch} in {source.Url} was rewritten (force-pushed): the commit this device had, {CommitId.Abbreviate(localHead)}, is not in it any more; the device now follows {CommitId.Abbreviate(incoming)}";
            host.WriteWarning($"config repo {source}: {rewritten}");
        }

        // The clone is the agent's own: edits to it are discarded so the device runs exactly what the repo says.
        git.Run(clone, GitCallKind.Local, "checkout", "--quiet", "--force", "-B", source.Branch, $"refs/remotes/origin/{source.Branch}");
        git.Run(clone, GitCallKind.Local, "clean", "-ffdxq");
        return state with { Reachable = true, Fetched = fetched, Commit = LocalHead(clone), HistoryRewritten = rewritten };
    }

    /// <summary>Clones into place; null, or why the cloned commit was refused (then nothing is kept).</summary>
    private CommitRefusal? CloneFresh(ConfigRepoSource source, string clone)
    {
        Directory.CreateDirectory(paths.AppConfigs);
        var temporary = clone + AppObserver.CloneTemporaryMarker + Guid.NewGuid().ToString("N")[..8];
        try
        {
            git.Run(null, GitCallKind.Network, "clone", "--quiet", "--single-branch", "--no-tags", "--branch", source.Branch, "--", source.Url, temporary);
            if (Untrusted(temporary, LocalHead(temporary)) is { } refusal)
            {
                host.WriteWarning($"config repo {source}: {refusal.Message}");
                return refusal;
            }

            Directory.Move(temporary, clone);
            return null;
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>Null when verification is off or <paramref name="commit"/> is signed by an allowed key.</summary>
    private CommitRefusal? Untrusted(string repository, string? commit) =>
        verifier is null ? null : commit is null ? new CommitRefusal(null, "the clone has no commit to verify", "Move the clone away so the next pass clones afresh.") : verifier.Problem(repository, commit);

    private void Repair(GitRepositoryLayout layout)
    {
        if (layout.RebaseInProgress)
        {
            host.WriteWarning($"{layout.WorkTree}: aborting a rebase left by an interrupted pass");
            if (!git.TryRun(layout.WorkTree, GitCallKind.Local, "rebase", "--abort").Succeeded)
            {
                Directory.Delete(Path.Combine(layout.GitDirectory, "rebase-merge"), recursive: true);
            }
        }

        if (File.Exists(layout.IndexLock))
        {
            // We hold the agent lock, and nobody else works in the agent's own clones: the lock is stale.
            host.WriteWarning($"{layout.WorkTree}: removing a stale index.lock left by an interrupted pass");
            File.Delete(layout.IndexLock);
        }
    }

    private void RemoveHalfFinishedClones(string clone)
    {
        if (!Directory.Exists(paths.AppConfigs))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateDirectories(paths.AppConfigs, Path.GetFileName(clone) + AppObserver.CloneTemporaryMarker + "*"))
        {
            host.WriteWarning($"removing {leftover}, a clone left half-finished by an interrupted pass");
            Directory.Delete(leftover, recursive: true);
        }
    }

    private string? LocalHead(string clone)
    {
        if (!Directory.Exists(clone))
        {
            return null;
        }

        var result = git.TryRun(clone, GitCallKind.Local, "rev-parse", "--verify", "HEAD");
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }
}
