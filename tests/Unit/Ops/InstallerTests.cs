using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Ops;

/// <summary>scripts/install.sh, run for real with bash into a staging root (--root), from a build-shaped folder.</summary>
public sealed class InstallerTests : IDisposable
{
    private static readonly string[] InstalledFiles =
    [
        "usr/local/share/powershell/Modules/GitOpsAgent/GitOpsAgent.psd1",
        "usr/local/share/powershell/Modules/GitOpsAgent/GitOpsAgent.dll",
        "usr/local/lib/gitops-agent/bin/gitops-agent.dll",
        "usr/local/lib/gitops-agent/gitops-agent-loop.ps1",
        "usr/local/lib/gitops-agent/config.template.toml",
        "usr/local/bin/gitops-agent",
        "etc/systemd/system/gitops-agent.service",
        "etc/systemd/system/gitops-agent-cli.service",
        "etc/systemd/system/gitops-agent-oneshot.service",
        "etc/systemd/system/gitops-agent.timer",
    ];

    private readonly TempDirectory _dir = new("gitops-install");

    public InstallerTests()
    {
        File.WriteAllText(_dir.Combine("out", "gitops-agent", "gitops-agent.dll").EnsureParent(), "a built command\n");
        File.WriteAllText(_dir.Combine("out", "GitOpsAgent", "GitOpsAgent.psd1").EnsureParent(), "@{ ModuleVersion = '0.1.0' }\n");
        File.WriteAllText(_dir.Combine("out", "GitOpsAgent", "GitOpsAgent.dll"), "a built module\n");
    }

    private string Root => _dir.Combine("root");

    private string Staged(string relative) => Path.Combine(Root, relative);

    [Fact]
    public void Installs_every_file_and_the_config_template_then_a_second_run_changes_nothing()
    {
        var first = Install();
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.All(InstalledFiles, file => Assert.True(File.Exists(Staged(file)), $"{file} was not installed"));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "config.template.toml")), File.ReadAllText(Staged("etc/gitops-agent/config.toml")));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "systemd", "gitops-agent-cli.service")), File.ReadAllText(Staged("etc/systemd/system/gitops-agent-cli.service")));
        Assert.True(Directory.Exists(Staged("opt/gitops-agent")));
        Assert.True(File.GetUnixFileMode(Staged("usr/local/bin/gitops-agent")).HasFlag(UnixFileMode.OtherExecute));
        Assert.Contains("--root was given, so systemd was left alone", first.Stdout, StringComparison.Ordinal);

        var second = Install();
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.DoesNotMatch("(?m)^installed ", second.Stdout);
        Assert.Contains("unchanged  /usr/local/lib/gitops-agent/bin/", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("kept       /etc/gitops-agent/config.toml", second.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Root, "*.new.*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFileSystemEntries(Root, "*.old.*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Never_overwrites_an_existing_config_and_upgrades_changed_files()
    {
        Assert.Equal(0, Install().ExitCode);
        const string Operator = "infra_name = \"edge-42\"\n[applications]\nweb = \"git@example.test:org/deploy.git@main\"\n";
        File.WriteAllText(Staged("etc/gitops-agent/config.toml"), Operator);
        File.WriteAllText(_dir.Combine("out", "gitops-agent", "gitops-agent.dll"), "a newer build\n");

        var upgrade = Install();

        Assert.True(upgrade.ExitCode == 0, upgrade.Stdout + upgrade.Stderr);
        Assert.Equal(Operator, File.ReadAllText(Staged("etc/gitops-agent/config.toml")));
        Assert.Equal("a newer build\n", File.ReadAllText(Staged("usr/local/lib/gitops-agent/bin/gitops-agent.dll")));
        Assert.Contains("installed  /usr/local/lib/gitops-agent/bin/", upgrade.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Uninstall_removes_what_it_installed_and_keeps_the_config_and_the_agent_home()
    {
        Assert.Equal(0, Install().ExitCode);
        File.WriteAllText(Staged("opt/gitops-agent/state.json"), "{}\n");

        var uninstall = Run("--root", Root, "--uninstall");

        Assert.True(uninstall.ExitCode == 0, uninstall.Stdout + uninstall.Stderr);
        Assert.All(InstalledFiles, file => Assert.False(File.Exists(Staged(file)), $"{file} was left behind"));
        Assert.False(Directory.Exists(Staged("usr/local/lib/gitops-agent")));
        Assert.True(File.Exists(Staged("etc/gitops-agent/config.toml")));
        Assert.True(File.Exists(Staged("opt/gitops-agent/state.json")));
        Assert.Contains("rm -rf /etc/gitops-agent /opt/gitops-agent", uninstall.Stdout, StringComparison.Ordinal);

        var again = Run("--root", Root, "--uninstall");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("absent     /usr/local/bin/gitops-agent", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_prerequisites_are_named_and_nothing_is_changed()
    {
        var result = Run("--root", Root, "--from", _dir.Combine("no-build"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing was changed; these prerequisites are missing", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("neither " + _dir.Combine("no-build", "gitops-agent", "gitops-agent.dll") + " nor a NativeAOT executable", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pwsh ./build.ps1 -Task Package", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Root));
    }

    [Fact]
    public void A_NativeAOT_build_is_installed_and_the_command_runs_it()
    {
        // A NativeAOT build is one executable and no gitops-agent.dll; this stand-in says how it was started.
        var native = _dir.Combine("native", "gitops-agent", "gitops-agent").EnsureParent();
        File.WriteAllText(native, "#!/bin/sh\necho \"native build: $*\"\n");
        File.SetUnixFileMode(native, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var install = Run("--root", Root, "--from", _dir.Combine("native"), "--service", "cli");

        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        Assert.False(File.Exists(Staged("usr/local/lib/gitops-agent/bin/gitops-agent.dll")));
        var command = ShellCommand.Run("env", ["GITOPS_AGENT_LIB=" + Staged("usr/local/lib/gitops-agent/bin"), "sh", Staged("usr/local/bin/gitops-agent"), "run", "--once"]);
        Assert.Equal((0, "native build: run --once\n"), (command.ExitCode, command.Stdout));
    }

    [Fact]
    public void Bad_options_are_refused_with_usage()
    {
        var result = Run("--root", Root, "--bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--bogus'", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Root));
    }

    public void Dispose() => _dir.Dispose();

    private (int ExitCode, string Stdout, string Stderr) Install() => Run("--root", Root, "--from", _dir.Combine("out"), "--service", "cli");

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments) =>
        ShellCommand.Run("bash", [Path.Combine(RepoPaths.Root, "scripts", "install.sh"), .. arguments]);
}
