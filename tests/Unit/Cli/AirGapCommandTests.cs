using System.Text.Json;
using GitOpsAgent.Tests.Unit.AirGap;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>bundle, import, export-reports and import-reports as an operator runs them: the built command, two sides, JSON and exit codes.</summary>
public sealed class AirGapCommandTests : IDisposable
{
    private readonly AirGapSandbox _s = new();

    public void Dispose() => _s.Dispose();

    /// <summary>The connected machine: no agent config, and git reaches the device's URLs through its own url.insteadOf.</summary>
    private Dictionary<string, string> Connected => new()
    {
        ["GITOPS_AGENT_CONFIG"] = _s.Combine("connected", "no-such-config.toml"),
        ["GITOPS_AGENT_HOME"] = _s.Combine("connected", "no-home"),
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = $"url.file://{Path.Combine(_s.Connected, "remotes")}/.insteadOf",
        ["GIT_CONFIG_VALUE_0"] = _s.OfflineBase,
    };

    private Dictionary<string, string> Device => new()
    {
        ["GITOPS_AGENT_CONFIG"] = _s.ConfigFile,
        ["GITOPS_AGENT_HOME"] = _s.Paths.Home,
    };

    [Fact]
    public void The_operators_round_trip_deploys_from_a_bundle_and_brings_the_reports_back()
    {
        var v1 = _s.CommitApp("web v1\n");
        _s.Declare(v1, "MODE=one\n");
        _s.WriteAgentConfig();
        var bundleFile = Path.Combine(_s.Connected, "edge-01.bundle");

        var bundle = BuiltCli.Run(Connected, "bundle", "--config-repo", _s.ConnectedSource.ToString(), "--device", "edge-01", "--out", bundleFile, "--json");
        Assert.True(bundle.ExitCode == 0, bundle.Error);
        var made = JsonDocument.Parse(bundle.Output).RootElement;
        Assert.Equal(v1, made.GetProperty("apps")[0].GetProperty("commit").GetString());
        Assert.StartsWith("full: main-monitoring does not exist yet", made.GetProperty("base").GetString(), StringComparison.Ordinal);

        var import = BuiltCli.Run(Device, "import", _s.Carry(bundleFile), "--json");
        Assert.True(import.ExitCode == 0, import.Error);
        var imported = JsonDocument.Parse(import.Output).RootElement;
        Assert.Equal("✅ healthy", imported.GetProperty("pass").GetProperty("apps")[0].GetProperty("status").GetString());
        Assert.True(imported.GetProperty("published")[0].GetProperty("pendingOffline").GetBoolean());
        Assert.Equal(v1, _s.DeployedCommit());

        var reportsFile = Path.Combine(_s.DeviceSide, "reports.bundle");
        var export = BuiltCli.Run(Device, "export-reports", "--out", reportsFile);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("1 queued report commit of edge-01", export.Output, StringComparison.Ordinal);

        var carried = Path.Combine(_s.Connected, "reports.bundle");
        File.Copy(reportsFile, carried);
        var land = BuiltCli.Run(Connected, "import-reports", carried, "--config-repo", _s.ConnectedSource.ToString(), "--json");
        Assert.True(land.ExitCode == 0, land.Error);
        Assert.Equal(1, JsonDocument.Parse(land.Output).RootElement.GetProperty("published").GetInt32());
        Assert.Contains(v1, TestGit.Run(_s.Bare("deploy-config"), "show", "main-monitoring:edge-01.toml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_bundle_exits_1_naming_the_file_and_the_fix()
    {
        _s.WriteAgentConfig();
        var bogus = Path.Combine(_s.DeviceSide, "edge-01.bundle");
        Directory.CreateDirectory(_s.DeviceSide);
        File.WriteAllText(bogus, "# v2 git bundle\n0000000000000000000000000000000000000001 refs/gitops-bundle/manifest\n\nPACK-truncated");

        var run = BuiltCli.Run(Device, "import", bogus);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(bogus, run.Error, StringComparison.Ordinal);
        Assert.Contains("Copy it again", run.Error, StringComparison.Ordinal);

        var missing = BuiltCli.Run(Connected, "bundle", "--config-repo", _s.ConnectedSource.ToString(), "--device", "edge-09", "--out", Path.Combine(_s.Connected, "x.bundle"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("edge-09/infra_meta.toml", missing.Error, StringComparison.Ordinal);
        Assert.Contains("--device", missing.Error, StringComparison.Ordinal);
    }
}
