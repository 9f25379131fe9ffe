using GitOpsAgent.Core.Configuration.Schema;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Configuration;

/// <summary>
/// The schemas as the editors' own tool reads them: `taplo check` (npm @taplo/cli, installed by .ci/run) over the
/// example config repo with its .taplo.toml, and over broken files, which it must refuse at the right line.
/// </summary>
public sealed class TaploCheckTests
{
    private static readonly string? Taplo = FindTaplo();

    [Fact]
    public void The_example_config_repo_passes_taplo_check_with_its_schema()
    {
        var result = Check(Path.Combine(RepoPaths.Root, "examples", "deploy-config"));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("found configuration file", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Taplo_refuses_a_broken_infra_meta_at_the_right_line()
    {
        using var repo = new TempDirectory("gitops-taplo");
        File.Copy(Path.Combine(RepoPaths.Root, "examples", "deploy-config", ".taplo.toml"), repo.Combine(".taplo.toml"));
        Directory.CreateDirectory(repo.Combine("schema"));
        File.WriteAllText(repo.Combine("schema", ConfigJsonSchema.InfraMetaFileName), ConfigJsonSchema.InfraMeta());
        Directory.CreateDirectory(repo.Combine("edge-01"));
        File.WriteAllText(repo.Combine("edge-01", "infra_meta.toml"), "[web]\ncode_url = \"git@github.com:org/web.git\"\ncode_commit_hash = 5\ncode_local_path = \"/srv/web\"\ncode_comit_hash = \"3f1c2a9\"\n");

        var result = Check(repo.Path);

        var output = result.StandardOutput + result.StandardError;
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("infra_meta.toml:3:20", output, StringComparison.Ordinal);
        Assert.Contains("is not of type \"string\"", output, StringComparison.Ordinal);
        Assert.Contains("'code_comit_hash' was unexpected", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Taplo_checks_an_agent_config_against_its_schema()
    {
        using var dir = new TempDirectory("gitops-taplo");
        var schema = dir.Combine(ConfigJsonSchema.AgentConfigFileName);
        File.WriteAllText(schema, ConfigJsonSchema.AgentConfig());
        File.WriteAllText(dir.Combine("good.toml"), $"#:schema {schema}\ninfra_name = \"edge-01\"\ninterval = 60\n[applications]\nweb = \"git@github.com:org/deploy-config.git@main\"\n");
        File.WriteAllText(dir.Combine("bad.toml"), $"#:schema {schema}\ninfra_name = \"edge-01\"\ninterval = 0\n[applications]\nweb = \"git@github.com:org/deploy-config.git@main\"\n");

        Assert.Equal(0, Check(dir.Path, "good.toml").ExitCode);
        var bad = Check(dir.Path, "bad.toml");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("bad.toml:3:12", bad.StandardOutput + bad.StandardError, StringComparison.Ordinal);
    }

    private static ProcessResult Check(string workingDirectory, params string[] files)
    {
        if (Taplo is null)
        {
            Assert.Skip("taplo is not on PATH (npm install -g @taplo/cli; .ci/run installs it when npm is there)");
        }

        var result = new ProcessRunner().Run(new ProcessRequest(Taplo!, ["check", .. files])
        {
            WorkingDirectory = workingDirectory,
            Timeout = TimeSpan.FromMinutes(1),
            Environment = new Dictionary<string, string> { ["NO_COLOR"] = "1", ["RUST_LOG"] = "info" },
        });
        Assert.False(result.TimedOut, "taplo check timed out");
        return result;
    }

    private static string? FindTaplo() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "taplo"))
            .FirstOrDefault(File.Exists);
}
