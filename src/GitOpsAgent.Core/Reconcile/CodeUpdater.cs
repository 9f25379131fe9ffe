using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Moves an app repo to its pinned commit: clones into a temporary sibling then renames (so an
/// interrupted clone never looks like a repo), fetches only when the commit is missing and then only that
/// commit (one commit deep on a first deployment, so a sparse link carries one tree, not the history), keeps
/// local changes in a ref and a stash before discarding them, and never overwrites untracked files.
/// </summary>
public sealed class CodeUpdater(GitClient git)
{
    public const string PreservedRefPrefix = "refs/gitops-agent/preserved/";

    /// <summary>How deep the default branch is fetched, doubling from 1, looking for a pin that cannot be asked for by id.</summary>
    public const int MaxDeepening = 256;

    /// <summary>Where a pinned commit fetched by id is kept, one ref per commit.</summary>
    public const string FetchedRefPrefix = "refs/gitops-agent/commits/";

    public void Clone(DesiredApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var path = Path.TrimEndingDirectorySeparator(app.CodeLocalPath);
        var parent = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, "." + Path.GetFileName(path) + AppObserver.CloneTemporaryMarker + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // An empty repo with origin set, then only the pinned commit: the device downloads one tree, not the repo's history.
            git.Run(null, GitCallKind.Local, "init", "--quiet", temporary);
            git.Run(temporary, GitCallKind.Local, "remote", "add", "origin", app.CodeUrl);
            try
            {
                FetchInto(temporary, app, shallow: true);
            }
            catch (GitException ex)
            {
                throw new GitException($"could not clone {app.CodeUrl} (code_url) into {app.CodeLocalPath}: {ex.Message.TrimEnd('.')}. Check the URL, and that this device can reach it and its key has read access (ssh -T for SSH URLs).");
            }

            if (Directory.Exists(path))
            {
                // Observation found it empty; an empty folder is the only thing we ever replace.
                Directory.Delete(path);
            }

            Directory.Move(temporary, path);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>
    /// Brings the pinned commit into an existing clone: by id alone when it is a full id (a shallow clone stays one commit
    /// deep), else, or when the server refuses that, the branches and tags as a plain fetch would.
    /// </summary>
    public void Fetch(DesiredApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        FetchInto(app.CodeLocalPath, app, shallow: File.Exists(Path.Combine(app.CodeLocalPath, ".git", "shallow")));
    }

    /// <summary>What the last fetch had to fall back to, for the app's narration; null when the commit came by id.</summary>
    public (string Text, bool ServerRefused)? LastFallback { get; private set; }

    private void FetchInto(string repository, DesiredApp app, bool shallow)
    {
        LastFallback = null;
        string? refusal = null;
        if (CommitId.IsFull(app.CodeCommitHash))
        {
            var commit = app.CodeCommitHash.ToLowerInvariant();
            var arguments = new List<string> { "fetch", "--quiet", "--no-tags", "--no-write-fetch-head" };
            if (shallow)
            {
                arguments.Add("--depth=1");
            }

            // Kept under a ref of its own: a commit no ref names would be pruned by git gc, and a rollback needs it later.
            arguments.AddRange(["origin", $"{commit}:{FetchedRefPrefix}{commit}"]);
            var byId = git.TryRun(repository, GitCallKind.Network, [.. arguments]);
            if (byId.Succeeded)
            {
                return;
            }

            if (byId.TimedOut)
            {
                throw new GitException($"git fetch origin {commit}", repository, byId.ExitCode, byId.StandardError, timedOut: true);
            }

            refusal = byId.StandardError.Trim();
        }

        // An abbreviated id cannot be asked for, and some servers (protocol v0 without uploadpack.allowReachableSHA1InWant)
        // refuse an id they did not advertise. A pin is most often a recent commit of the default branch: that branch is
        // fetched ever deeper until the commit is in it; only then do the branches and tags come whole.
        var why = refusal is null
            ? $"code_commit_hash {app.CodeCommitHash} is abbreviated, so it cannot be asked for by id; a full 40-digit id lets the device fetch that one commit"
            : $"the server did not hand out commit {app.CodeCommitHash} by id ({FirstLine(refusal)}); a server that speaks git protocol v2 or allows uploadpack.allowReachableSHA1InWant sends only that commit";
        if (shallow && DeepenDefaultBranch(repository, app) is { } depth)
        {
            var where = depth == 1 ? "at the tip of the default branch" : $"within {depth} commits of the default branch's tip, which was fetched that deep";
            LastFallback = ($"{why}. It was found {where}", refusal is not null);
            return;
        }

        LastFallback = ($"{why}. The whole repo was fetched to find it", refusal is not null);
        // A shallow clone stays cut at its shallow commits unless told otherwise: the history under them is wanted now.
        string[] unshallow = File.Exists(Path.Combine(repository, ".git", "shallow")) ? ["--unshallow"] : [];
        git.Run(repository, GitCallKind.Network, ["fetch", "--quiet", "--tags", .. unshallow, "origin", "+refs/heads/*:refs/remotes/origin/*"]);
    }

    /// <summary>How deep on the remote's default branch the pinned commit was found; null when not within <see cref="MaxDeepening"/>.</summary>
    private int? DeepenDefaultBranch(string repository, DesiredApp app)
    {
        const string branch = "refs/gitops-agent/default-branch";
        for (var depth = 1; depth <= MaxDeepening; depth *= 2)
        {
            var fetched = git.TryRun(repository, GitCallKind.Network, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", $"--depth={depth}", "origin", $"+HEAD:{branch}");
            if (!fetched.Succeeded)
            {
                return null;
            }

            var found = git.TryRun(repository, GitCallKind.Local, "rev-parse", "--verify", "--quiet", app.CodeCommitHash + "^{commit}");
            if (found.Succeeded)
            {
                // Named like a commit fetched by id: the branch ref moves on, and git gc must not take the commit with it.
                var commit = found.StandardOutput.Trim();
                git.Run(repository, GitCallKind.Local, "update-ref", FetchedRefPrefix + commit, commit);
                return depth;
            }

            // The whole branch is here and the commit is not on it.
            var count = git.TryRun(repository, GitCallKind.Local, "rev-list", "--count", branch);
            if (count.Succeeded && int.TryParse(count.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var commits) && commits < depth)
            {
                return null;
            }
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no reason given";
        return line.StartsWith("fatal: ", StringComparison.Ordinal) ? line["fatal: ".Length..] : line;
    }

    /// <summary>Keeps tracked local changes as a commit under <see cref="PreservedRefPrefix"/> and in the stash list; returns where.</summary>
    public string? PreserveLocalChanges(DesiredApp app, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(app);
        var path = app.CodeLocalPath;
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var message = $"gitops-agent: local changes to {app.Name} kept before checkout at {stamp}";
        var stash = git.Run(path, GitCallKind.Local, "-c", "user.name=gitops-agent", "-c", "user.email=gitops-agent@localhost", "stash", "create", message).Trim();
        if (stash.Length == 0)
        {
            return null;
        }

        var reference = PreservedRefPrefix + stamp;
        git.Run(path, GitCallKind.Local, "update-ref", "-m", message, reference, stash);
        git.Run(path, GitCallKind.Local, "stash", "store", "-m", message, stash);
        git.Run(path, GitCallKind.Local, "reset", "--hard", "--quiet");
        return $"{reference} (also in 'git stash list') in {path}; restore with: git -C {path} stash apply {stash}";
    }

    public void Checkout(DesiredApp app, string fullCommit)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Without --force: git refuses rather than overwrite an untracked file that is in the way.
        git.Run(app.CodeLocalPath, GitCallKind.Local, "checkout", "--quiet", "--detach", fullCommit);
    }

    public string? HeadCommit(string path) => git.HeadCommit(path);

    public string ShortStatus(string path)
    {
        // Without --branch: the same lines an in-sync pass observes (none when clean), so the report does not change
        // between the pass that deployed and the quiet pass after it.
        var result = git.TryRun(path, GitCallKind.Local, "status", "--short");
        return result.Succeeded ? result.StandardOutput.TrimEnd() : result.StandardError.Trim();
    }
}
