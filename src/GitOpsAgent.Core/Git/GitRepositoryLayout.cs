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
