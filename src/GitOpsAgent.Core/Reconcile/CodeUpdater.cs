using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Moves an app repo to its pinned commit: clones into a temporary sibling then renames (so an
/// interrupted clone never looks like a repo), fetches only when the commit is missing, keeps local
/// changes in a ref and a stash before discarding them, and never overwrites untracked files.
/// </summary>
public sealed class CodeUpdater(GitClient git)
{
    public const string PreservedRefPrefix = "refs/gitops-agent/preserved/";

    public void Clone(DesiredApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var path = Path.TrimEndingDirectorySeparator(app.CodeLocalPath);
        var parent = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, "." + Path.GetFileName(path) + AppObserver.CloneTemporaryMarker + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var clone = git.TryRun(null, GitCallKind.Network, "clone", "--quiet", "--no-checkout", "--", app.CodeUrl, temporary);
            if (!clone.Succeeded)
            {
                var said = clone.TimedOut ? "timed out" : clone.StandardError.Trim().TrimEnd('.');
                throw new GitException($"could not clone {app.CodeUrl} (code_url) into {app.CodeLocalPath}: {said}. Check the URL, and that this device can reach it and its key has read access (ssh -T for SSH URLs).");
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

    /// <summary>Fetches from origin; also asks for the pinned commit directly when it is on no branch.</summary>
    public void Fetch(DesiredApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        git.Run(app.CodeLocalPath, GitCallKind.Network, "fetch", "--quiet", "--tags", "origin");
    }

    public void FetchCommitDirectly(DesiredApp app, string fullCommit)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = git.TryRun(app.CodeLocalPath, GitCallKind.Network, "fetch", "--quiet", "origin", fullCommit);
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

    public string? HeadCommit(string path)
    {
        var result = git.TryRun(path, GitCallKind.Local, "rev-parse", "--verify", "HEAD");
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    public string ShortStatus(string path)
    {
        // Without --branch: the same lines an in-sync pass observes (none when clean), so the report does not change
        // between the pass that deployed and the quiet pass after it.
        var result = git.TryRun(path, GitCallKind.Local, "status", "--short");
        return result.Succeeded ? result.StandardOutput.TrimEnd() : result.StandardError.Trim();
    }
}
