using System.Diagnostics;

namespace GitOpsAgent.Bench;

/// <summary>
/// Everything the bytes benchmark measures against, in one temp folder: the app repo, the config repo with its big
/// monitoring branch, a small config repo (10 devices, a week) for the publish comparison, served by two
/// <c>git daemon</c>s on one folder: one like GitHub (filters and fetching by id allowed), one like an old server
/// (protocol v0 only, no fetching by id), each reached through byte-counting proxies, one per role, so every
/// figure is one role's traffic.
/// </summary>
public sealed class BytesWorld : IDisposable
{
    public const string Device = "edge-0500";
    public const string LegacyDevice = "edge-0501";
    public const int FleetDays = 365;
    public const int FleetCommitsPerDay = 4;
    public const int FleetReportsPerCommit = 25;
    private readonly List<IDisposable> _owned = [];

    public BytesWorld()
    {
        try
        {
            Directory.CreateDirectory(Remotes);
            var modern = Own(new GitDaemon(Remotes, new Dictionary<string, string>
            {
                ["uploadpack.allowFilter"] = "true",
                ["uploadpack.allowAnySHA1InWant"] = "true",
            }));
            var legacy = Own(new GitDaemon(Remotes, new Dictionary<string, string>
            {
                ["uploadpack.allowFilter"] = "true",
                ["uploadpack.allowAnySHA1InWant"] = "false",
                ["uploadpack.allowReachableSHA1InWant"] = "false",
                ["uploadpack.allowTipSHA1InWant"] = "false",
            }));
            ConfigProxy = Own(new ByteCountingProxy(modern.Port));
            AppProxy = Own(new ByteCountingProxy(modern.Port));
            PlainProxy = Own(new ByteCountingProxy(modern.Port));
            LegacyConfigProxy = Own(new ByteCountingProxy(legacy.Port, protocolV0Only: true));
            LegacyAppProxy = Own(new ByteCountingProxy(legacy.Port, protocolV0Only: true));
            LegacyPlainProxy = Own(new ByteCountingProxy(legacy.Port, protocolV0Only: true));

            var clock = Stopwatch.StartNew();
            App = new AppRepoScenario(AppBare);
            AppSeconds = clock.Elapsed.TotalSeconds;
            Config = new ConfigRepoScenario(ConfigBare, new Dictionary<string, string>
            {
                [Device] = InfraMeta(Device, AppProxy, App.Pinned),
                [LegacyDevice] = InfraMeta(LegacyDevice, LegacyAppProxy, App.Pinned),
            });
            ConfigSeconds = clock.Elapsed.TotalSeconds - AppSeconds;
            Fleet = new MonitoringScenario(ConfigBare, Url(ConfigProxy, "deploy-config.git") + "@main", ConfigRepoScenario.Devices, FleetDays, FleetCommitsPerDay, FleetReportsPerCommit, seed: 1603);
            FleetSeconds = clock.Elapsed.TotalSeconds - AppSeconds - ConfigSeconds;
            BenchProcess.Git(null, "init", "--quiet", "--bare", SmallConfigBare);
            FastImport.Into(SmallConfigBare, writer => writer.Commit("refs/heads/main", 1, "Fleet Operator <ops@example.test>", new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero), "config", null,
                [KeyValuePair.Create("README.md", "# Deployment config\n")]));
            SmallFleet = new MonitoringScenario(SmallConfigBare, Url(ConfigProxy, "small-config.git") + "@main", devices: 10, days: 7, FleetCommitsPerDay, reportsPerCommit: 3, seed: 1604);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"gitops-bytes-{Guid.NewGuid():N}"[..26]);

    public string Remotes => Path.Combine(Root, "remotes");

    public string AppBare => Path.Combine(Remotes, "app.git");

    public string ConfigBare => Path.Combine(Remotes, "deploy-config.git");

    public string SmallConfigBare => Path.Combine(Remotes, "small-config.git");

    public ByteCountingProxy ConfigProxy { get; }

    public ByteCountingProxy AppProxy { get; }

    /// <summary>The proxy the plain-git baselines go through.</summary>
    public ByteCountingProxy PlainProxy { get; }

    public ByteCountingProxy LegacyConfigProxy { get; }

    public ByteCountingProxy LegacyAppProxy { get; }

    public ByteCountingProxy LegacyPlainProxy { get; }

    public AppRepoScenario App { get; }

    public ConfigRepoScenario Config { get; }

    public MonitoringScenario Fleet { get; }

    public MonitoringScenario SmallFleet { get; }

    public double AppSeconds { get; }

    public double ConfigSeconds { get; }

    public double FleetSeconds { get; }

    public static string Url(ByteCountingProxy proxy, string repo)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return $"git://127.0.0.1:{proxy.Port}/{repo}";
    }

    /// <summary>The measured device's folder: the app at <paramref name="commit"/>, its own env file and one shared file.</summary>
    public string InfraMeta(string device, ByteCountingProxy appProxy, string commit) =>
        $$"""
        [web]
        code_url = "{{Url(appProxy, "app.git")}}"
        code_commit_hash = "{{commit}}"
        code_local_path = "{{Path.Combine(Root, "srv-" + device, "web")}}"
        config_files = [
          { src = "{{device}}/web.env", dst = "{{Path.Combine(Root, "srv-" + device, "etc", "web.env")}}" },
          { src = "{{ConfigRepoScenario.SharedFile}}", dst = "{{Path.Combine(Root, "srv-" + device, "etc", "common.env")}}" },
        ]

        """;

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A straggling process still holds a file; the temp cleaner gets it.
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
