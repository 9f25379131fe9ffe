using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>
/// A device and its world in a temp folder: bare remotes for a deployment-config repo and app repos
/// (reached over file://), work clones to change them, the device's folders, agent home and agent config.
/// </summary>
public sealed class DeviceSandbox : IDisposable
{
    private readonly TempDirectory _root = new("gitops-device");

    public DeviceSandbox(string infraName = "edge-01")
    {
        InfraName = infraName;
        Directory.CreateDirectory(Remotes);
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Device);
        TestGit.Run(null, "init", "--quiet", "--bare", "--initial-branch=main", Path.Combine(Remotes, "deploy-config.git"));
        TestGit.Run(null, "clone", "--quiet", ConfigRepoUrl, ConfigWork);
        File.WriteAllText(Path.Combine(ConfigWork, "README.md"), "deployment config\n");
        Directory.CreateDirectory(Path.Combine(ConfigWork, infraName));
        TestGit.Run(ConfigWork, "checkout", "--quiet", "-b", "main");
        CommitConfig("initial config repo");
    }

    public string InfraName { get; }

    public string Root => _root.Path;

    public string Remotes => _root.Combine("remotes");

    public string Work => _root.Combine("work");

    public string Device => _root.Combine("device");

    public string Home => _root.Combine("home");

    public string ConfigFile => _root.Combine("etc", "config.toml");

    public string ConfigWork => Path.Combine(Work, "deploy-config");

    public string ConfigRepoUrl => "file://" + Path.Combine(Remotes, "deploy-config.git");

    public string ConfigSource => ConfigRepoUrl + "@main";

    public AgentPaths Paths => new(Home);

    public string AppPath(string app) => Path.Combine(Device, "srv", app);

    public string AppUrl(string app) => "file://" + Path.Combine(Remotes, app + ".git");

    /// <summary>Creates an app repo with one commit and returns that commit.</summary>
    public string CreateApp(string app)
    {
        TestGit.Run(null, "init", "--quiet", "--bare", "--initial-branch=main", Path.Combine(Remotes, app + ".git"));
        var work = Path.Combine(Work, app);
        TestGit.Run(null, "clone", "--quiet", AppUrl(app), work);
        TestGit.Run(work, "checkout", "--quiet", "-b", "main");
        return CommitApp(app, "app.txt", $"{app} v1\n");
    }

    public string CommitApp(string app, string file, string content)
    {
        var work = Path.Combine(Work, app);
        var full = Path.Combine(work, file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        TestGit.Run(work, "add", "--all");
        TestGit.Run(work, "commit", "--quiet", "-m", $"change {file}");
        TestGit.Run(work, "push", "--quiet", "origin", "HEAD:main");
        return TestGit.Run(work, "rev-parse", "HEAD");
    }

    /// <summary>Writes a file in the config repo work clone (not yet pushed).</summary>
    public void WriteConfigRepoFile(string relativePath, string content)
    {
        var full = Path.Combine(ConfigWork, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public string CommitConfig(string message = "update config")
    {
        TestGit.Run(ConfigWork, "add", "--all");
        TestGit.Run(ConfigWork, "commit", "--quiet", "--allow-empty", "-m", message);
        TestGit.Run(ConfigWork, "push", "--quiet", "origin", "HEAD:main");
        return TestGit.Run(ConfigWork, "rev-parse", "HEAD");
    }

    public void SetInfraMeta(string toml)
    {
        WriteConfigRepoFile(Path.Combine(InfraName, "infra_meta.toml"), toml);
        CommitConfig("update infra_meta.toml");
    }

    public void WriteAgentConfig(IEnumerable<string> apps, string extra = "")
    {
        var text = new StringBuilder();
        text.Append("infra_name = \"").Append(InfraName).Append("\"\n");
        text.Append("interval = 60\n");
        text.Append(extra);
        text.Append("\n[applications]\n");
        foreach (var app in apps)
        {
            text.Append(app).Append(" = \"").Append(ConfigSource).Append("\"\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, text.ToString());
    }

    public AgentConfig LoadConfig() => AgentConfigLoader.Load(ConfigFile);

    public PassReport Pass(ReconcileOptions? options = null, RecordingHost? host = null) =>
        new ReconcileEngine(Paths, host ?? new RecordingHost()).RunPass(LoadConfig(), options, TestContext.Current.CancellationToken);

    /// <summary>An infra_meta.toml section for <paramref name="app"/>, deployed under <see cref="AppPath"/>.</summary>
    public string Section(string app, string commit, string? pre = null, string? post = null, IEnumerable<(string Src, string Dst)>? configFiles = null, string extra = "")
    {
        var text = new StringBuilder();
        text.Append('[').Append(app).Append("]\n");
        text.Append("code_url = ").Append(Quote(AppUrl(app))).Append('\n');
        text.Append("code_commit_hash = ").Append(Quote(commit)).Append('\n');
        text.Append("code_local_path = ").Append(Quote(AppPath(app))).Append('\n');
        if (configFiles is not null)
        {
            text.Append("config_files = [");
            text.Append(string.Join(", ", configFiles.Select(f => $"{{ src = {Quote(f.Src)}, dst = {Quote(f.Dst)} }}")));
            text.Append("]\n");
        }

        if (pre is not null)
        {
            text.Append("pre_updation_command = ").Append(Quote(pre)).Append('\n');
        }

        if (post is not null)
        {
            text.Append("post_updation_command = ").Append(Quote(post)).Append('\n');
        }

        text.Append(extra);
        return text.Append('\n').ToString();
    }

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public void Dispose() => _root.Dispose();
}
