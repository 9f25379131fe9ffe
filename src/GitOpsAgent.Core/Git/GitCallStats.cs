namespace GitOpsAgent.Core.Git;

/// <summary>Counts of git processes started, for benchmarks and the tests that hold a pass to its floor.</summary>
public sealed class GitCallStats
{
    private int _processes;
    private int _network;
    private int _commits;
    private int _pushes;

    public int Processes => Volatile.Read(ref _processes);

    public int NetworkCalls => Volatile.Read(ref _network);

    public int Commits => Volatile.Read(ref _commits);

    public int Pushes => Volatile.Read(ref _pushes);

    internal void Record(string subcommand, GitCallKind kind)
    {
        Interlocked.Increment(ref _processes);
        if (kind == GitCallKind.Network)
        {
            Interlocked.Increment(ref _network);
        }

        if (subcommand == "commit" || subcommand == "commit-tree")
        {
            Interlocked.Increment(ref _commits);
        }
        else if (subcommand == "push")
        {
            Interlocked.Increment(ref _pushes);
        }
    }
}
