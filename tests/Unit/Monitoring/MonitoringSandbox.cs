using System.Diagnostics;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Monitoring;

/// <summary>
/// A bare deployment-config repo (file://) with a config branch, and any number of devices, each with its own
/// agent home, publishing to its monitoring branch.
/// </summary>
public sealed class MonitoringSandbox : IDisposable
{
    private readonly TempDirectory _root = new("gitops-mon");

    public MonitoringSandbox()
    {
        TestGit.Run(null, "init", "--quiet", "--bare", "--initial-branch=main", BarePath);
        var work = _root.Combine("config-work");
        TestGit.Run(null, "clone", "--quiet", Url, work);
        TestGit.Run(work, "checkout", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(work, "README.md"), "deployment config\n");
        TestGit.Run(work, "add", "--all");
        TestGit.Run(work, "commit", "--quiet", "-m", "config");
        TestGit.Run(work, "push", "--quiet", "origin", "HEAD:main");
        ConfigCommit = TestGit.Run(work, "rev-parse", "HEAD");
    }

    public string Root => _root.Path;

    public string BarePath => _root.Combine("remotes", "deploy-config.git");

    public string Url => "file://" + BarePath;

    public ConfigRepoSource Source => new(Url, "main");

    public string Branch => Source.MonitoringBranch;

    /// <summary>The config branch's commit, which publishing must never move.</summary>
    public string ConfigCommit { get; }

    public string Combine(params string[] parts) => _root.Combine(parts);

    public AgentPaths Home(string device) => new(_root.Combine("homes", device));

    public AgentConfig Config(string device, params string[] apps) => new()
    {
        InfraName = device,
        Interval = 60,
        // These tests publish on change only, unless one sets the publisher's Heartbeat itself.
        MonitoringHeartbeatHours = 0,
        Applications = [.. apps.Select(app => new AgentApplication(app, Source))],
    };

    public static AppOutcome Healthy(string app, ConfigRepoSource source, string commit = "1111111111111111111111111111111111111111") => new()
    {
        Name = app,
        ConfigSource = source.ToString(),
        DesiredCommit = commit,
        ActualCommit = commit,
    };

    public static PassReport Report(string device, DateTimeOffset finished, params AppOutcome[] apps) => new()
    {
        InfraName = device,
        StartedAt = finished.AddSeconds(-1),
        FinishedAt = finished,
        Apps = apps,
    };

    public (MonitoringPublisher Publisher, GitClient Git) Publisher(string device, IAgentHost? host = null, TimeProvider? clock = null)
    {
        host ??= new RecordingHost();
        var git = new GitClient(host: host);
        return (new MonitoringPublisher(Home(device), git, host) { Clock = clock ?? TimeProvider.System }, git);
    }

    public string RemoteTip() => TestGit.Run(BarePath, "rev-parse", "refs/heads/" + Branch);

    public string RemoteFile(string name) => TestGit.Run(BarePath, "show", $"refs/heads/{Branch}:{name}");

    public IReadOnlyList<string> RemoteFiles() =>
        TestGit.Run(BarePath, "ls-tree", "--name-only", "refs/heads/" + Branch).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> RemoteLog(string format = "%s") =>
        TestGit.Run(BarePath, "log", $"--format={format}", "refs/heads/" + Branch).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs git with extra environment (back-dated commits) in <paramref name="directory"/>.</summary>
    public static string GitWithEnvironment(string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("commit.gpgsign=false");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var pair in environment)
        {
            info.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(true);
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} hung");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result.Trim();
    }

    /// <summary>
    /// Builds a monitoring branch on the remote whose commits are back-dated by the given ages (oldest first),
    /// each adding a line to <c>&lt;device&gt;.toml</c> of some other device.
    /// </summary>
    public void SeedBackDatedHistory(string device, params TimeSpan[] ages)
    {
        var work = _root.Combine("seed-" + Guid.NewGuid().ToString("N")[..8]);
        TestGit.Run(null, "init", "--quiet", "--initial-branch=" + Branch, work);
        var now = DateTimeOffset.UtcNow;
        var index = 0;
        foreach (var age in ages)
        {
            index++;
            File.WriteAllText(Path.Combine(work, device + ".toml"), $"overall_status = \"✅ all 1 apps healthy\"\nlast-updated = {now - age:yyyy-MM-ddTHH:mm:ssZ}\n\n[web]\nstatus = \"✅ healthy\"\nactual-commit = \"seed-{index}\"\n");
            TestGit.Run(work, "add", "--all");
            var date = $"@{(now - age).ToUnixTimeSeconds()} +0000";
            GitWithEnvironment(work, new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = device,
                ["GIT_AUTHOR_EMAIL"] = device + "@gitops-agent.local",
                ["GIT_COMMITTER_NAME"] = device,
                ["GIT_COMMITTER_EMAIL"] = device + "@gitops-agent.local",
                ["GIT_AUTHOR_DATE"] = date,
                ["GIT_COMMITTER_DATE"] = date,
            }, "commit", "--quiet", "-m", $"seed {index} ({age.TotalDays:0} days old)");
        }

        TestGit.Run(work, "push", "--quiet", "--force", Url, $"HEAD:refs/heads/{Branch}");
    }

    public void Dispose() => _root.Dispose();
}
