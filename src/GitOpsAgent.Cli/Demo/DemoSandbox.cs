using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Cli.Demo;

/// <summary>
/// The demo's world in one temp folder: bare remotes (a deployment-config repo and the apps <c>web</c> and
/// <c>worker</c>, reached over file://), the operator's work clones of them, and a device with its agent home,
/// agent config and app folders. Commits carry a fixed identity given with -c, so the machine's git config is
/// never needed nor touched.
/// </summary>
internal sealed class DemoSandbox
{
    public const string InfraName = "edge-01";

    private static readonly string[] Identity = ["-c", "user.name=GitOps Agent demo", "-c", "user.email=demo@gitops-agent.invalid", "-c", "commit.gpgsign=false"];

    private readonly GitClient _git;

    private DemoSandbox(string root, GitClient git)
    {
        Root = root;
        _git = git;
    }

    public string Root { get; }

    public string Remotes => Path.Combine(Root, "remotes");

    public string Work => Path.Combine(Root, "work");

    public string Device => Path.Combine(Root, "device");

    public AgentPaths Paths => new(Path.Combine(Device, "home"));

    public string ConfigFile => Path.Combine(Device, "etc", "config.toml");

    public string ConfigRemote => Path.Combine(Remotes, "deploy-config.git");

    public string ConfigWork => Path.Combine(Work, "deploy-config");

    public string ConfigSource => "file://" + ConfigRemote + "@main";

    public static DemoSandbox Create(string parent, GitClient git)
    {
        var root = Path.Combine(Path.GetFullPath(parent), "gitops-agent-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var sandbox = new DemoSandbox(root, git);
        Directory.CreateDirectory(sandbox.Remotes);
        Directory.CreateDirectory(sandbox.Work);
        Directory.CreateDirectory(Path.GetDirectoryName(sandbox.ConfigFile)!);
        sandbox.CreateRepo("deploy-config", "README.md", "Deployment config for the demo fleet: one folder per device.\n");
        return sandbox;
    }

    public string AppPath(string app) => Path.Combine(Device, "srv", app);

    public string AppUrl(string app) => "file://" + Path.Combine(Remotes, app + ".git");

    /// <summary>Creates an app repo with one commit and returns the commit.</summary>
    public string CreateApp(string app, string file, string content) => CreateRepo(app, file, content);

    /// <summary>Commits a file to an app repo, pushes it and returns the new commit.</summary>
    public string CommitApp(string app, string file, string content) => CommitAndPush(Path.Combine(Work, app), file, content, $"{app}: change {file}");

    /// <summary>Commits a file to the config repo and pushes it, as the operator would from their laptop.</summary>
    public void CommitConfigFile(string relativePath, string content, string message) => CommitAndPush(ConfigWork, relativePath, content, message);

    public void WriteAgentConfig(params string[] apps)
    {
        var text = new StringBuilder();
        text.Append("# The demo device's agent config (on a real device: /etc/gitops-agent/config.toml).\n");
        text.Append("infra_name = \"").Append(InfraName).Append("\"\n");
        text.Append("interval = 60\n\n[applications]\n");
        foreach (var app in apps)
        {
            text.Append(app).Append(" = ").Append(Quote(ConfigSource)).Append('\n');
        }

        File.WriteAllText(ConfigFile, text.ToString());
    }

    /// <summary>The health report as the remote holds it, or null when none was pushed yet.</summary>
    public string? PublishedReport(string branch)
    {
        var result = _git.TryRun(ConfigRemote, GitCallKind.Local, "show", $"{branch}:{InfraName}.toml");
        return result.Succeeded ? result.StandardOutput : null;
    }

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private string CreateRepo(string name, string file, string content)
    {
        var bare = Path.Combine(Remotes, name + ".git");
        var work = Path.Combine(Work, name);
        _git.Run(null, GitCallKind.Local, "init", "--quiet", "--bare", "--initial-branch=main", bare);
        _git.Run(null, GitCallKind.Local, "init", "--quiet", "--initial-branch=main", work);
        _git.Run(work, GitCallKind.Local, "remote", "add", "origin", "file://" + bare);
        return CommitAndPush(work, file, content, $"{name}: first version");
    }

    private string CommitAndPush(string work, string relativePath, string content, string message)
    {
        var full = Path.Combine(work, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        _git.Run(work, GitCallKind.Local, "add", "--all");
        _git.Run(work, GitCallKind.Local, [.. Identity, "commit", "--quiet", "-m", message]);
        _git.Run(work, GitCallKind.Local, "push", "--quiet", "origin", "HEAD:main");
        return _git.Run(work, GitCallKind.Local, "rev-parse", "HEAD").Trim();
    }
}
