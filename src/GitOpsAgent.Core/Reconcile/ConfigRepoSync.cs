using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Brings the shared clone of one deployment-config repo to the remote branch head. The clone is one commit deep,
/// blob-less and sparse (the device's folder and the files its apps name), and an idle pass asks for the one branch
/// only, so a sparse link carries what this device needs and no more. It discards edits made to the clone, repairs what a killed
/// pass left behind, and refuses to touch a clone of some other repo. With commit verification on, a commit is
/// checked before its files are used: an untrusted one is never checked out, and the clone keeps its last
/// trusted commit.
/// </summary>
public sealed class ConfigRepoSync(AgentPaths paths, GitClient git, IAgentHost host, CommitVerifier? verifier = null, string? device = null)
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
        catch (GitException ex) when (Directory.Exists(clone) && (ObjectsById.Refused(ex.Message) || BrokenClone.Looks(ex.Message)))
        {
            // The clone is the agent's own copy of the remote: set aside, it is simply cloned again (a blob-less clone of a
            // server that cannot send the blobs it lacks, cloned again with them).
            SetAside(source, clone, ObjectsById.Refused(ex.Message) ? ObjectsById.FallbackNote : $"git could not read the clone ({ex.Message.Split('\n')[0].Trim()})");
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

    private void SetAside(ConfigRepoSource source, string clone, string why)
    {
        var movedTo = BrokenClone.MoveAside(paths, clone, Path.GetFileName(clone), DateTimeOffset.UtcNow);
        host.WriteWarning($"config repo {source}: {why}; it was moved to {movedTo} and is cloned afresh");
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
                SetAside(source, clone, $"{clone} was no longer a git clone");
                return SyncCore(source, clone, state);
            }

            var origin = layout.ReadOriginUrl();
            if (origin is null || !string.Equals(ConfigRepoSource.Normalize(origin), source.NormalizedUrl, StringComparison.Ordinal))
            {
                return state with { Error = $"{clone} is a clone of {origin ?? "no origin"}, not of {source.Url}; the agent refuses to reset it. Move it away so the next pass clones {source.Url} afresh." };
            }

            Repair(layout);
        }

        if (!exists)
        {
            return CloneFresh(source, clone, state);
        }

        ConvertInPlace(layout!);
        var localHead = LocalHead(clone);
        var trackingBefore = layout!.ReadRef($"refs/remotes/origin/{source.Branch}");
        // One fetch with the branch as its only refspec is also the question "did it move?": over protocol v2 the server
        // advertises that one ref, so an idle pass costs a few hundred bytes however many branches and tags the repo has.
        host.WriteVerbose($"asking {source.Url} where {source.Branch} is");
        var remote = git.TryRun(clone, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "origin", $"+refs/heads/{source.Branch}:refs/remotes/origin/{source.Branch}");
        if (!remote.Succeeded)
        {
            var reason = remote.TimedOut ? "timed out" : remote.StandardError.Trim();
            if (!remote.TimedOut && MissingBranch(reason))
            {
                return state with { Reachable = true, Commit = localHead, Error = $"branch '{source.Branch}' does not exist in {source.Url}. Fix the branch after '@' in the agent config's [applications]." };
            }

            if (localHead is not null)
            {
                host.WriteWarning($"config repo {source} is unreachable ({reason}); using the last fetched commit {CommitId.Abbreviate(localHead)}");
                return state with { Commit = localHead, Reachable = false };
            }

            return state with { Error = $"config repo {source.Url} is unreachable and has never been cloned here: {reason}. Check the URL, network and SSH key (ssh -T) for this device." };
        }

        var remoteHead = layout.ReadRef($"refs/remotes/origin/{source.Branch}");
        var fetched = !string.Equals(trackingBefore, remoteHead, StringComparison.Ordinal);
        var dirty = git.Run(clone, GitCallKind.Local, "status", "--porcelain", "--untracked-files=all").Length > 0;
        if (string.Equals(localHead, remoteHead, StringComparison.Ordinal) && !dirty)
        {
            // Checked every pass, not only when it arrives: verification may have been switched on since.
            return Untrusted(clone, localHead) is { } problem
                ? state with { Reachable = true, Commit = localHead, UntrustedLabel = problem.Label, Error = problem.Message }
                : state with { Reachable = true, Commit = localHead };
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
        if (localHead is not null && !string.Equals(localHead, incoming, StringComparison.Ordinal) && !git.TryRun(clone, GitCallKind.Local, "merge-base", "--is-ancestor", localHead, incoming).Succeeded)
        {
            rewritten = $"the history of {source.Branch} in {source.Url} was rewritten (force-pushed): the commit this device had, {CommitId.Abbreviate(localHead)}, is not in it any more; the device now follows {CommitId.Abbreviate(incoming)}";
            host.WriteWarning($"config repo {source}: {rewritten}");
        }

        // The clone is the agent's own: edits to it are discarded so the device runs exactly what the repo says.
        git.Run(clone, GitCallKind.Local, "checkout", "--quiet", "--force", "-B", source.Branch, $"refs/remotes/origin/{source.Branch}");
        git.Run(clone, GitCallKind.Local, "clean", "-ffdxq");
        return state with { Reachable = true, Fetched = fetched, Commit = LocalHead(clone), HistoryRewritten = rewritten };
    }

    /// <summary>
    /// Clones into place: one commit deep, without blobs, and checking out only this device's folder (blobs come for the
    /// files checked out), so a device of a thousand-device fleet downloads its own files, not everyone's.
    /// </summary>
    private ConfigRepoState CloneFresh(ConfigRepoSource source, string clone, ConfigRepoState state)
    {
        Directory.CreateDirectory(paths.AppConfigs);
        var temporary = clone + AppObserver.CloneTemporaryMarker + Guid.NewGuid().ToString("N")[..8];
        try
        {
            host.WriteVerbose($"cloning {source.Branch} of {source.Url}");
            var cloned = git.TryRun(null, GitCallKind.Network, "clone", "--quiet", "--no-checkout", "--depth=1", "--filter=blob:none", "--single-branch", "--no-tags", "--branch", source.Branch, "--", source.Url, temporary);
            if (!cloned.Succeeded)
            {
                var reason = cloned.TimedOut ? "timed out" : cloned.StandardError.Trim();
                return !cloned.TimedOut && MissingBranch(reason)
                    ? state with { Reachable = true, Error = $"branch '{source.Branch}' does not exist in {source.Url}. Fix the branch after '@' in the agent config's [applications]." }
                    : state with { Error = $"config repo {source.Url} is unreachable and has never been cloned here: {reason}. Check the URL, network and SSH key (ssh -T) for this device." };
            }

            if (Untrusted(temporary, LocalHead(temporary)) is { } refusal)
            {
                // Refused before a file of it is checked out.
                host.WriteWarning($"config repo {source}: {refusal.Message}");
                return state with { Reachable = true, Fetched = true, UntrustedLabel = refusal.Label, Error = refusal.Message };
            }

            if (!CheckOut(source, temporary))
            {
                // The blobs of the device's files could not be fetched by id: the tip is cloned with all its files instead.
                Directory.Delete(temporary, recursive: true);
                host.WriteWarning($"config repo {source}: {ObjectsById.FallbackNote}; the clone holds every file of the branch's tip (one commit deep) and checks out the device's files only");
                git.Run(null, GitCallKind.Network, "clone", "--quiet", "--no-checkout", "--depth=1", "--single-branch", "--no-tags", "--branch", source.Branch, "--", source.Url, temporary);
                if (Untrusted(temporary, LocalHead(temporary)) is { } refused)
                {
                    host.WriteWarning($"config repo {source}: {refused.Message}");
                    return state with { Reachable = true, Fetched = true, UntrustedLabel = refused.Label, Error = refused.Message };
                }

                _ = CheckOut(source, temporary);
            }

            Directory.Move(temporary, clone);
            return state with { Reachable = true, Fetched = true, Commit = LocalHead(clone) };
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>Checks out the device's files in a fresh clone; false when the server would not send their blobs by id.</summary>
    private bool CheckOut(ConfigRepoSource source, string repository)
    {
        try
        {
            if (device is not null)
            {
                git.Run(repository, GitCallKind.Local, ["sparse-checkout", "set", "--no-cone", .. SparsePatterns.For(device, [])]);
            }

            git.Run(repository, GitCallKind.Local, "checkout", "--quiet", "--force", "-B", source.Branch, $"refs/remotes/origin/{source.Branch}");
            return true;
        }
        catch (GitException ex) when (ObjectsById.Refused(ex.Message))
        {
            return false;
        }
    }

    /// <summary>
    /// Makes the checkout hold the device's folder and every file outside it that <paramref name="referencedFiles"/> names
    /// (config_files src paths), fetching the blobs of files newly included. Nothing happens when the set is unchanged.
    /// </summary>
    public void Include(ConfigRepoState state, IEnumerable<string> referencedFiles)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(referencedFiles);
        if (device is null || state.Commit is null || GitRepositoryLayout.Open(state.ClonePath) is not { } layout)
        {
            return;
        }

        var files = referencedFiles.ToList();
        // A src that is a symlink needs its target too; a target that is a link again needs the next round.
        for (var round = 0; round < 4; round++)
        {
            var wanted = SparsePatterns.For(device, files);
            if (!SparsePatterns.Read(layout.GitDirectory).SequenceEqual(wanted, StringComparer.Ordinal))
            {
                host.WriteVerbose($"config repo {state.Url}: checking out {string.Join(", ", wanted)}");
                var result = git.TryRun(state.ClonePath, GitCallKind.Local, ["sparse-checkout", "set", "--no-cone", .. wanted]);
                if (!result.Succeeded)
                {
                    host.WriteWarning($"config repo {state.Url}: the files outside {device}/ that config_files name could not be checked out ({result.StandardError.Trim()}); they count as missing this pass and the next pass tries again.");
                    return;
                }
            }

            var targets = LinkTargets(state.ClonePath, files).Where(target => !files.Contains(target, StringComparer.Ordinal)).ToList();
            if (targets.Count == 0)
            {
                return;
            }

            files.AddRange(targets);
        }
    }

    /// <summary>Repo-relative targets of the symlinks among <paramref name="files"/> (and their folders) that point inside the repo.</summary>
    private static IEnumerable<string> LinkTargets(string root, IEnumerable<string> files)
    {
        var realRoot = ConfigSourcePath.RealPath(Path.GetFullPath(root));
        foreach (var file in files)
        {
            var real = ConfigSourcePath.RealPath(Path.GetFullPath(Path.Combine(root, file)));
            if (real.StartsWith(realRoot + "/", StringComparison.Ordinal) && !File.Exists(real))
            {
                yield return real[(realRoot.Length + 1)..];
            }
        }
    }

    /// <summary>
    /// Turns a full clone made by an earlier version into a blob-less, sparse one in place: nothing it has is downloaded
    /// again, later fetches skip blobs, and the checkout shrinks to the device's files.
    /// </summary>
    private void ConvertInPlace(GitRepositoryLayout layout)
    {
        if (device is null || SparsePatterns.Read(layout.GitDirectory).Count > 0)
        {
            return;
        }

        host.WriteVerbose($"{layout.WorkTree}: converting the config clone to a blob-less sparse clone of {device}/");
        git.Run(layout.WorkTree, GitCallKind.Local, "config", "core.repositoryformatversion", "1");
        git.Run(layout.WorkTree, GitCallKind.Local, "config", "remote.origin.promisor", "true");
        git.Run(layout.WorkTree, GitCallKind.Local, "config", "remote.origin.partialclonefilter", "blob:none");
        git.Run(layout.WorkTree, GitCallKind.Local, ["sparse-checkout", "set", "--no-cone", .. SparsePatterns.For(device, [])]);
    }

    private static bool MissingBranch(string gitError) =>
        gitError.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase)
        || (gitError.Contains("Remote branch", StringComparison.Ordinal) && gitError.Contains("not found", StringComparison.Ordinal));

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

        return git.HeadCommit(clone);
    }
}
