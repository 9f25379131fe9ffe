using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>
/// Issue 16's app repo: <see cref="Commits"/> commits of pseudo-random text (each rewrites <see cref="FilesPerCommit"/>
/// of its 2 KB files, so the packed history is about 50 MB), a tree of 1 000 files (about 2 MB), hundreds of branches
/// and annotated tags, and a pinned commit ten commits behind main that no branch or tag points at (so a server that
/// refuses fetching by id cannot give it by its id).
/// </summary>
public sealed class AppRepoScenario
{
    public const int Commits = 2000;
    public const int Directories = 25;
    public const int FilesPerDirectory = 40;
    public const int FileBytes = 2048;
    public const int FilesPerCommit = 15;
    public const int Branches = 300;
    public const int Tags = 300;
    private const int PinnedBehindMain = 10;
    private const string Author = "App Developer <dev@example.test>";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _bare;
    private readonly RandomText _text = new(1601);

    public AppRepoScenario(string bare)
    {
        _bare = bare;
        BenchProcess.Git(null, "init", "--quiet", "--bare", bare);
        var pinnedMark = Commits - PinnedBehindMain;
        FastImport.Into(bare, writer =>
        {
            for (var mark = 1; mark <= Commits; mark++)
            {
                var files = mark == 1
                    ? Enumerable.Range(0, Directories * FilesPerDirectory)
                    : Enumerable.Range(0, FilesPerCommit).Select(_ => _text.Random.Next(Directories * FilesPerDirectory)).Distinct();
                writer.Commit("refs/heads/main", mark, Author, Start.AddHours(mark), $"change {mark}", null,
                    files.Select(file => KeyValuePair.Create(FilePath(file), _text.Block(FileBytes))).ToList());
            }

            for (var b = 0; b < Branches; b++)
            {
                writer.Reset($"refs/heads/feature/{b:D3}", $":{AnyMarkBut(pinnedMark)}");
            }

            for (var t = 0; t < Tags; t++)
            {
                var mark = 1 + (t * 6);
                writer.Tag($"v1.{t}", $":{mark}", Author, Start.AddHours(mark), $"release 1.{t}");
            }
        });
        Pinned = BenchProcess.Git(bare, "rev-parse", $"main~{PinnedBehindMain}");
    }

    /// <summary>The commit the measured devices run: on main's history, at no branch or tag tip.</summary>
    public string Pinned { get; }

    public static string FilePath(int file) =>
        $"src/module-{(file / FilesPerDirectory).ToString("D2", CultureInfo.InvariantCulture)}/file-{(file % FilesPerDirectory).ToString("D2", CultureInfo.InvariantCulture)}.txt";

    /// <summary>A new commit on top of the pinned one that rewrites one 2 KB file, on a new branch; its id.</summary>
    public string PushChange()
    {
        FastImport.Into(_bare, writer => writer.Commit("refs/heads/hotfix/1", 1, Author, Start.AddHours(Commits + 1), "hotfix: one file", Pinned,
            [KeyValuePair.Create(FilePath(7), _text.Block(FileBytes))]));
        return BenchProcess.Git(_bare, "rev-parse", "refs/heads/hotfix/1");
    }

    private int AnyMarkBut(int excluded)
    {
        int mark;
        do
        {
            mark = 1 + _text.Random.Next(Commits - 1);
        }
        while (mark == excluded);
        return mark;
    }
}
