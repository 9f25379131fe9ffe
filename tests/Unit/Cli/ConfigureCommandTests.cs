using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>`gitops-agent configure`: the edit is saved only when valid, atomically, keeping the file's mode.</summary>
public sealed class ConfigureCommandTests : IDisposable
{
    private const string Valid = "infra_name = \"edge-07\"\ninterval = 45\n[applications]\nweb = \"file:///srv/git/deploy-config.git@main\"\n";
    private const string Original = "infra_name = \"edge-01\"\n[applications]\nweb = \"file:///srv/git/deploy-config.git@main\"\n";

    private readonly TempDirectory _dir = new("gitops-configure");

    private string ConfigFile => _dir.Combine("etc", "config.toml");

    [Fact]
    public void A_valid_edit_replaces_the_config_and_keeps_its_mode()
    {
        File.WriteAllText(ConfigFile.EnsureParent(), Original);
        File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        using var configure = Configure(Editor("valid", $"cat > \"$1\" <<'TOML'\n{Valid}TOML\n"));

        Assert.True(configure.ExitCode == 0, configure.Stderr);
        Assert.Equal(Valid, File.ReadAllText(ConfigFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigFile));
        Assert.Contains("Saved", configure.Stdout, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(ConfigFile)!));
        Assert.Empty(Directory.GetFiles(_dir.Combine("tmp")));
    }

    [Fact]
    public void An_invalid_edit_keeps_the_original_and_fails_with_the_findings()
    {
        File.WriteAllText(ConfigFile.EnsureParent(), Original);

        using var configure = Configure(Editor("invalid", "printf 'interval = \"soon\"\\n' > \"$1\"\n"));

        Assert.Equal(1, configure.ExitCode);
        Assert.Equal(Original, File.ReadAllText(ConfigFile));
        Assert.Contains("required key \"infra_name\" is missing", configure.Stderr, StringComparison.Ordinal);
        Assert.Contains("was not changed", configure.Stderr, StringComparison.Ordinal);
        // The operator's edit is not lost: it is kept where the message says.
        var kept = Assert.Single(Directory.GetFiles(_dir.Combine("tmp"), "gitops-agent-config-*.toml"));
        Assert.Contains(kept, configure.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_starts_from_the_commented_template_via_dash_dash_configure()
    {
        var seen = _dir.Combine("seen.toml");
        using var configure = Configure(Editor("template", $"cp \"$1\" '{seen}'\ncat > \"$1\" <<'TOML'\n{Valid}TOML\n"), "--configure");

        Assert.True(configure.ExitCode == 0, configure.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "config.template.toml")), File.ReadAllText(seen));
        Assert.Equal(Valid, File.ReadAllText(ConfigFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigFile));
    }

    [Fact]
    public void A_failing_editor_changes_nothing()
    {
        File.WriteAllText(ConfigFile.EnsureParent(), Original);

        using var configure = Configure(Editor("failing", $"cat > \"$1\" <<'TOML'\n{Valid}TOML\nexit 3\n"));

        Assert.Equal(1, configure.ExitCode);
        Assert.Equal(Original, File.ReadAllText(ConfigFile));
        Assert.Contains("exited with 3", configure.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private CliProcess Configure(string editor, string command = "configure")
    {
        Directory.CreateDirectory(_dir.Combine("tmp"));
        return CliProcess.Run([command, "--config", ConfigFile], new Dictionary<string, string?> { ["EDITOR"] = editor, ["TMPDIR"] = _dir.Combine("tmp") });
    }

    private string Editor(string name, string body)
    {
        var path = _dir.Combine($"editor-{name}.sh");
        File.WriteAllText(path, "#!/bin/sh\nset -e\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
