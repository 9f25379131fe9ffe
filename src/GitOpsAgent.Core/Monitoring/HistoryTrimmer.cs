using System.Globalization;
using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// Squashes monitoring history older than the retention window into one base commit and replays the newer
/// commits on top with their own authors, dates and messages. Only objects are written here: no ref moves, so a
/// failure leaves every branch as it was, and the caller pushes the result with a lease on the old tip.
/// </summary>
internal sealed class HistoryTrimmer(GitClient git, string repositoryPath, string device)
{
    private const int LogPageSize = 200;

    /// <summary>The rewritten history, or null when at most one commit is older than <paramref name="cutoff"/>.</summary>
    public TrimResult? Trim(string tip, DateTimeOffset cutoff)
    {
        var before = $"--before={cutoff.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        var old = Lines(git.Run(repositoryPath, GitCallKind.Local, "rev-list", "--first-parent", before, "--max-count=2", tip));
        if (old.Count < 2)
        {
            return null;
        }

        var baseId = old[0];
        var baseCommit = CommitRecord.ParseLog(git.Run(repositoryPath, GitCallKind.Local, "log", "-1", "--date=raw", "--format=" + CommitRecord.LogFormat, baseId)).Single();
        var squashed = int.Parse(git.Run(repositoryPath, GitCallKind.Local, "rev-list", "--count", "--first-parent", baseId).Trim(), CultureInfo.InvariantCulture);
        var newer = NewerCommits(baseId, tip);

        // The base keeps the old commit's dates, so it stays the only commit older than the window and is not trimmed again.
        var baseEnvironment = baseCommit.Environment();
        baseEnvironment["GIT_AUTHOR_NAME"] = device;
        baseEnvironment["GIT_AUTHOR_EMAIL"] = DeviceIdentity.Email(device);
        baseEnvironment["GIT_COMMITTER_NAME"] = device;
        baseEnvironment["GIT_COMMITTER_EMAIL"] = DeviceIdentity.Email(device);
        var message = $"History before {cutoff.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} squashed ({squashed} commits); newest of them: {FirstLine(baseCommit.Message)}";
        var parent = CommitTree(baseEnvironment, baseCommit.Tree, null, message);
        foreach (var commit in newer)
        {
            parent = CommitTree(commit.Environment(), commit.Tree, parent, commit.Message);
        }

        // The newest content must be byte-identical: same tree object, checked before anything is pushed.
        var trees = Lines(git.Run(repositoryPath, GitCallKind.Local, "rev-parse", parent + "^{tree}", tip + "^{tree}"));
        if (trees.Count != 2 || trees[0] != trees[1])
        {
            throw new MonitoringException($"the trimmed history ends on tree {trees.FirstOrDefault()} but the branch holds {trees.LastOrDefault()}; nothing was pushed.");
        }

        return new TrimResult(parent, tip, squashed, newer.Count);
    }

    /// <summary>The first-parent commits after <paramref name="baseId"/> up to <paramref name="tip"/>, oldest first, checked to form one chain.</summary>
    private List<CommitRecord> NewerCommits(string baseId, string tip)
    {
        var newestFirst = new List<CommitRecord>();
        for (var skip = 0; ; skip += LogPageSize)
        {
            var page = CommitRecord.ParseLog(git.Run(
                repositoryPath,
                GitCallKind.Local,
                "log",
                "--first-parent",
                "--date=raw",
                "--format=" + CommitRecord.LogFormat,
                $"--max-count={LogPageSize}",
                $"--skip={skip}",
                $"{baseId}..{tip}"));
            newestFirst.AddRange(page);
            if (page.Count < LogPageSize)
            {
                break;
            }
        }

        newestFirst.Reverse();
        var expectedParent = baseId;
        foreach (var commit in newestFirst)
        {
            // A gap means git's output was cut short: refuse rather than rewrite history from a partial list.
            if (commit.FirstParent != expectedParent)
            {
                throw new MonitoringException($"the history between {baseId} and {tip} could not be listed completely; the trim was skipped.");
            }

            expectedParent = commit.Id;
        }

        if (expectedParent != tip)
        {
            throw new MonitoringException($"the history between {baseId} and {tip} could not be listed completely; the trim was skipped.");
        }

        return newestFirst;
    }

    private string CommitTree(Dictionary<string, string> environment, string tree, string? parent, string message)
    {
        var arguments = new List<string> { "commit-tree", tree };
        if (parent is not null)
        {
            arguments.Add("-p");
            arguments.Add(parent);
        }

        arguments.Add("-m");
        arguments.Add(message);
        var result = git.TryRunWithEnvironment(repositoryPath, GitCallKind.Local, environment, [.. arguments]);
        if (!result.Succeeded)
        {
            throw new GitException("git commit-tree " + tree, repositoryPath, result.ExitCode, result.StandardError, result.TimedOut);
        }

        return result.StandardOutput.Trim();
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    private static List<string> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
