namespace GitOpsAgent.Core.Git;

/// <summary>
/// Reads what can be known about a working tree from its files alone, so observing an app in sync
/// costs no extra git process: whether it is a repo, its origin URL, leftovers of an interrupted run.
/// </summary>
public sealed class GitRepositoryLayout
{
    private GitRepositoryLayout(string workTree, string gitDirectory)
    {
        WorkTree = workTree;
        GitDirectory = gitDirectory;
    }

    public string WorkTree { get; }

    public string GitDirectory { get; }

    public bool RebaseInProgress => Directory.Exists(Path.Combine(GitDirectory, "rebase-merge")) || Directory.Exists(Path.Combine(GitDirectory, "rebase-apply"));

    public string IndexLock => Path.Combine(GitDirectory, "index.lock");

    /// <summary>The repo at <paramref name="workTree"/>, or null when it holds no .git.</summary>
    public static GitRepositoryLayout? Open(string workTree)
    {
        ArgumentNullException.ThrowIfNull(workTree);
        var dotGit = Path.Combine(workTree, ".git");
        if (Directory.Exists(dotGit))
        {
            return new GitRepositoryLayout(workTree, dotGit);
        }

        if (File.Exists(dotGit))
        {
            // A linked worktree or submodule: ".git" is a file naming the real git directory.
            var line = File.ReadAllText(dotGit).Trim();
            if (line.StartsWith("gitdir:", StringComparison.Ordinal))
            {
                var target = line["gitdir:".Length..].Trim();
                return new GitRepositoryLayout(workTree, Path.GetFullPath(target, workTree));
            }
        }

        return null;
    }

    /// <summary>
    /// The object a ref names, read from its loose file or packed-refs without a git process; null when it does not
    /// exist. Symbolic refs are not followed: the agent reads only the refs it writes by fetching.
    /// </summary>
    public string? ReadRef(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var loose = Path.Combine(GitDirectory, name);
        if (File.Exists(loose))
        {
            var value = File.ReadAllText(loose).Trim();
            return value.StartsWith("ref:", StringComparison.Ordinal) ? null : value;
        }

        var packed = Path.Combine(GitDirectory, "packed-refs");
        if (!File.Exists(packed))
        {
            return null;
        }

        foreach (var line in File.ReadLines(packed))
        {
            if (line.Length > 41 && line[40] == ' ' && string.Equals(line[41..].TrimEnd(), name, StringComparison.Ordinal))
            {
                return line[..40];
            }
        }

        return null;
    }

    /// <summary>
    /// The commit HEAD is on (a branch's tip or a detached id), read from the files; null when the files do not say it
    /// plainly (an unborn branch, a ref the files hold in another form), for the caller to ask git.
    /// </summary>
    public string? ReadHead()
    {
        var headFile = Path.Combine(GitDirectory, "HEAD");
        if (!File.Exists(headFile))
        {
            return null;
        }

        var head = File.ReadAllText(headFile).Trim();
        var commit = head.StartsWith("ref:", StringComparison.Ordinal) ? ReadRef(head["ref:".Length..].Trim()) : head;
        return commit is not null && Reconcile.CommitId.IsFull(commit) ? commit : null;
    }

    /// <summary>remote.origin.url from the repo's own config file; null when absent or not readable simply.</summary>
    public string? ReadOriginUrl()
    {
        var configFile = Path.Combine(GitDirectory, "config");
        if (!File.Exists(configFile))
        {
            return null;
        }

        var inOrigin = false;
        foreach (var raw in File.ReadLines(configFile))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                var header = line.Replace(" ", string.Empty, StringComparison.Ordinal);
                inOrigin = header.Equals("[remote\"origin\"]", StringComparison.Ordinal);
                continue;
            }

            if (!inOrigin)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && line[..equals].Trim().Equals("url", StringComparison.OrdinalIgnoreCase))
            {
                var value = line[(equals + 1)..].Trim();
                return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
            }
        }

        return null;
    }
}
