using System.Text;
using GitOpsAgent.Core.AirGap;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.AirGap;

/// <summary>
/// Two sides with no network path between them. The connected side holds the bare config repo and app repo; the device
/// side holds an agent home and an agent config whose URLs (and the code_url in infra_meta.toml) name a place that
/// does not exist, so only a bundle can bring anything. The connected side reaches those URLs through its own
/// url.insteadOf, as an operator's machine would reach the real host.
/// </summary>
public sealed class AirGapSandbox : IDisposable
{
    private readonly TempDirectory _root = new("gitops-airgap");

    public AirGapSandbox(string device = "edge-01")
    {
        Device = device;
        OfflineBase = $"file:///nonexistent/gitops-airgap-{Guid.NewGuid():N}/";
        TestGit.Run(null, "init", "--quiet", "--bare", "--initial-branch=main", Bare("deploy-config"));
        TestGit.Run(null, "clone", "--quiet", "file://" + Bare("deploy-config"), ConfigWork);
        TestGit.Run(ConfigWork, "checkout", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(ConfigWork, "README.md"), "deployment config\n");
        CommitConfig("initial config repo");
        TestGit.Run(null, "init", "--quiet", "--bare", "--initial-branch=main", Bare("web"));
        TestGit.Run(null, "clone", "--quiet", "file://" + Bare("web"), AppWork);
        TestGit.Run(AppWork, "checkout", "--quiet", "-b", "main");
    }

    public string Device { get; }

    /// <summary>Where the device believes its repos are: nowhere it can reach.</summary>
    public string OfflineBase { get; }

    public string Connected => _root.Combine("connected");

    public string DeviceSide => _root.Combine("device");

    public string ConfigWork => _root.Combine("connected", "work", "deploy-config");

    public string AppWork => _root.Combine("connected", "work", "web");

    /// <summary>The config repo as the connected machine names it (another URL than the device's).</summary>
    public ConfigRepoSource ConnectedSource => new("file://" + Bare("deploy-config"), "main");

    public string DeviceConfigUrl => OfflineBase + "deploy-config.git";

    public string CodeUrl => OfflineBase + "web.git";

    public AgentPaths Paths => new(Path.Combine(DeviceSide, "home"));

    public string ConfigFile => Path.Combine(DeviceSide, "etc", "config.toml");

    public string AppPath => Path.Combine(DeviceSide, "srv", "web");

    public string EnvFile => Path.Combine(DeviceSide, "srv", "web.env");

    public string Combine(params string[] parts) => _root.Combine(parts);

    public string Bare(string name) => Path.Combine(Connected, "remotes", name + ".git");

    /// <summary>The connected machine's git: the offline URLs resolve to its bare repos.</summary>
    public GitClient ConnectedGit() => new(new GitOptions
    {
        ExtraConfig = [new($"url.file://{Path.Combine(Connected, "remotes")}/.insteadOf", OfflineBase)],
    });

    public string CommitApp(string content)
    {
        File.WriteAllText(Path.Combine(AppWork, "app.txt"), content);
        TestGit.Run(AppWork, "add", "--all");
        TestGit.Run(AppWork, "commit", "--quiet", "-m", "app: " + content.Trim());
        TestGit.Run(AppWork, "push", "--quiet", "origin", "HEAD:main");
        return TestGit.Run(AppWork, "rev-parse", "HEAD");
    }

    public string CommitConfig(string message)
    {
        TestGit.Run(ConfigWork, "add", "--all");
        TestGit.Run(ConfigWork, "commit", "--quiet", "--allow-empty", "-m", message);
        TestGit.Run(ConfigWork, "push", "--quiet", "origin", "HEAD:main");
        return TestGit.Run(ConfigWork, "rev-parse", "HEAD");
    }

    /// <summary>Pins web at <paramref name="commit"/> for <paramref name="device"/> (default: this one) with a config file.</summary>
    public void Declare(string commit, string env, string? device = null)
    {
        device ??= Device;
        Directory.CreateDirectory(Path.Combine(ConfigWork, device));
        File.WriteAllText(Path.Combine(ConfigWork, device, "web.env"), env);
        File.WriteAllText(Path.Combine(ConfigWork, device, "infra_meta.toml"), new StringBuilder()
            .Append("[web]\n")
            .Append("code_url = ").Append(DeviceSandbox.Quote(CodeUrl)).Append('\n')
            .Append("code_commit_hash = ").Append(DeviceSandbox.Quote(commit)).Append('\n')
            .Append("code_local_path = ").Append(DeviceSandbox.Quote(AppPath)).Append('\n')
            .Append("config_files = [ { src = ").Append(DeviceSandbox.Quote(device + "/web.env")).Append(", dst = ").Append(DeviceSandbox.Quote(EnvFile)).Append(" } ]\n")
            .ToString());
        CommitConfig($"pin web at {commit[..8]} for {device}");
    }

    public void WriteAgentConfig(string extra = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, $"infra_name = \"{Device}\"\ninterval = 60\nmonitoring_heartbeat_hours = 0\n{extra}\n[applications]\nweb = \"{DeviceConfigUrl}@main\"\n");
    }

    public AgentConfig LoadConfig() => AgentConfigLoader.Load(ConfigFile);

    public BundleCreated Bundle(string name, bool full = false, string? device = null) =>
        new ConfigBundleBuilder(ConnectedGit(), new RecordingHost()).Create(ConnectedSource, device ?? Device, Path.Combine(Connected, name), full, TestContext.Current.CancellationToken);

    /// <summary>Carries a file from the connected side to the device side, as a USB stick would.</summary>
    public string Carry(string connectedFile)
    {
        Directory.CreateDirectory(Path.Combine(DeviceSide, "inbox"));
        var target = Path.Combine(DeviceSide, "inbox", Path.GetFileName(connectedFile));
        File.Copy(connectedFile, target, overwrite: true);
        return target;
    }

    public BundleImportResult Import(string deviceFile, RecordingHost? host = null) =>
        new BundleImporter(Paths, host ?? new RecordingHost()).Import(LoadConfig(), deviceFile, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>A plain pass on the device, to show it cannot reach anything by itself.</summary>
    public PassReport PlainPass() => new ReconcileEngine(Paths, new RecordingHost()).RunPass(LoadConfig(), null, TestContext.Current.CancellationToken);

    public string? DeployedCommit() => Directory.Exists(Path.Combine(AppPath, ".git")) ? TestGit.Run(AppPath, "rev-parse", "HEAD") : null;

    public void Dispose() => _root.Dispose();
}
