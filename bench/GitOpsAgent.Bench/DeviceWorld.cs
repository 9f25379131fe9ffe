using System.Text;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Bench;

/// <summary>
/// One device with <c>apps</c> applications in one config repo, all cloned from one app repo (each app in its
/// own folder and clone), reached over file:// or through a git daemon on 127.0.0.1.
/// </summary>
public sealed class DeviceWorld : IDisposable
{
    private const int CommitCount = 2;
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"gitops-bench-{Guid.NewGuid():N}"[..26]);
    private readonly GitDaemon? _daemon;
    private readonly string[] _pinned;

    public DeviceWorld(int apps, bool overDaemon)
    {
        Apps = apps;
        Directory.CreateDirectory(Remotes);
        BenchProcess.Git(null, "init", "--quiet", "--bare", Path.Combine(Remotes, "app.git"));
        var appWork = Path.Combine(_root, "work", "app");
        BenchProcess.Git(null, "clone", "--quiet", Path.Combine(Remotes, "app.git"), appWork);
        var commits = new List<string>();
        for (var i = 0; i < CommitCount; i++)
        {
            File.WriteAllText(Path.Combine(appWork, "app.txt"), $"version {i}\n");
            BenchProcess.Git(appWork, "add", "--all");
            BenchProcess.Git(appWork, "commit", "--quiet", "-m", $"version {i}");
            commits.Add(BenchProcess.Git(appWork, "rev-parse", "HEAD"));
        }

        BenchProcess.Git(appWork, "push", "--quiet", "origin", "HEAD:refs/heads/main");
        Commits = commits;
        BenchProcess.Git(null, "init", "--quiet", "--bare", Path.Combine(Remotes, "deploy-config.git"));
        _daemon = overDaemon ? new GitDaemon(Remotes) : null;
        BenchProcess.Git(null, "clone", "--quiet", Path.Combine(Remotes, "deploy-config.git"), ConfigWork);
        _pinned = Enumerable.Repeat(commits[0], apps).ToArray();
        WriteInfraMeta("initial config");

        var config = new StringBuilder("infra_name = \"edge-01\"\ninterval = 60\n[applications]\n");
        for (var i = 0; i < apps; i++)
        {
            config.Append(App(i)).Append(" = \"").Append(Url("deploy-config.git")).Append("@main\"\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, config.ToString());
    }

    public int Apps { get; }

    public IReadOnlyList<string> Commits { get; }

    public string ConfigFile => Path.Combine(_root, "etc", "config.toml");

    public AgentPaths Paths => new(Path.Combine(_root, "home"));

    private string Remotes => Path.Combine(_root, "remotes");

    private string ConfigWork => Path.Combine(_root, "work", "deploy-config");

    public static string App(int index) => $"app{index + 1:D3}";

    /// <summary>Where the device checks out app number <paramref name="index"/>.</summary>
    public string AppPath(int index) => Path.Combine(_root, "srv", App(index));

    /// <summary>The bare app repo all apps clone from (to make it unreachable for a while, and back).</summary>
    public string AppRemote => Path.Combine(Remotes, "app.git");

    /// <summary>A new commit in the app repo, which no device clone has fetched yet.</summary>
    public string PushNewAppCommit()
    {
        var appWork = Path.Combine(_root, "work", "app");
        File.WriteAllText(Path.Combine(appWork, "app.txt"), $"version {Guid.NewGuid():N}\n");
        BenchProcess.Git(appWork, "commit", "--quiet", "--all", "-m", "new version");
        BenchProcess.Git(appWork, "push", "--quiet", "origin", "HEAD:refs/heads/main");
        return BenchProcess.Git(appWork, "rev-parse", "HEAD");
    }

    /// <summary>Pins one app to another commit and pushes the config repo, as an operator would.</summary>
    public void Pin(int appIndex, string commit)
    {
        _pinned[appIndex] = commit;
        WriteInfraMeta($"pin {App(appIndex)} to {commit[..12]}");
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A straggling process still holds a file; the temp cleaner gets it.
        }
    }

    private string Url(string repo) => _daemon?.UrlFor(repo) ?? "file://" + Path.Combine(Remotes, repo);

    private void WriteInfraMeta(string message)
    {
        var meta = new StringBuilder();
        for (var i = 0; i < Apps; i++)
        {
            meta.Append('[').Append(App(i)).Append("]\n")
                .Append("code_url = \"").Append(Url("app.git")).Append("\"\n")
                .Append("code_commit_hash = \"").Append(_pinned[i]).Append("\"\n")
                .Append("code_local_path = \"").Append(Path.Combine(_root, "srv", App(i))).Append("\"\n\n");
        }

        Directory.CreateDirectory(Path.Combine(ConfigWork, "edge-01"));
        File.WriteAllText(Path.Combine(ConfigWork, "edge-01", "infra_meta.toml"), meta.ToString());
        BenchProcess.Git(ConfigWork, "add", "--all");
        BenchProcess.Git(ConfigWork, "commit", "--quiet", "-m", message);
        BenchProcess.Git(ConfigWork, "push", "--quiet", "origin", "HEAD:refs/heads/main");
    }
}
