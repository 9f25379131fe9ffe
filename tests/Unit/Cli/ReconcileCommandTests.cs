using System.Text.Json;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>The built command's table, JSON and exit codes, run as a real process.</summary>
public sealed class ReconcileCommandTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private Dictionary<string, string> Environment => new()
    {
        ["GITOPS_AGENT_CONFIG"] = _sandbox.ConfigFile,
        ["GITOPS_AGENT_HOME"] = _sandbox.Home,
    };

    private void TwoApps(string failingPost = "true")
    {
        var web = _sandbox.CreateApp("web");
        var api = _sandbox.CreateApp("api");
        _sandbox.SetInfraMeta(_sandbox.Section("web", web) + _sandbox.Section("api", api, post: failingPost));
        _sandbox.WriteAgentConfig(["web", "api"]);
    }

    [Fact]
    public void Reconcile_prints_one_row_per_app_and_exits_0_when_all_are_healthy()
    {
        TwoApps();

        var run = BuiltCli.Run(Environment, "reconcile");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Matches(@"^APP\s+STATUS\s+COMMIT\s+DRIFT\s+ACTION$", lines[0]);
        Assert.Matches(@"^web\s+✅ healthy\s+[0-9a-f]{12}\s+NotCloned\s+clone,checkout$", lines[2]);
        Assert.Matches(@"^api\s+✅ healthy\s+[0-9a-f]{12}\s+NotCloned\s+clone,checkout,post$", lines[3]);
        Assert.Contains("✅ all 2 apps healthy", run.Output, StringComparison.Ordinal);

        var again = BuiltCli.Run(Environment, "reconcile");
        Assert.Equal(0, again.ExitCode);
        Assert.Matches(@"(?m)^web\s+✅ healthy\s+[0-9a-f]{12}\s+-\s+-$", again.Output);
    }

    [Fact]
    public void Reconcile_exits_2_and_says_why_when_an_app_is_unhealthy()
    {
        TwoApps(failingPost: "echo boom; exit 4");

        var run = BuiltCli.Run(Environment, "reconcile");

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"(?m)^api\s+❌ post-command exited non-zero", run.Output);
        Assert.Contains("api: post_updation_command exited with 4", run.Output, StringComparison.Ordinal);
        Assert.Contains("⚠️ 1 of 2 apps need attention: api", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_json_has_the_documented_shape()
    {
        TwoApps();

        var run = BuiltCli.Run(Environment, "reconcile", "--json", "--app", "web");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("edge-01", json.RootElement.GetProperty("infra").GetString());
        var app = Assert.Single(json.RootElement.GetProperty("apps").EnumerateArray());
        Assert.Equal("web", app.GetProperty("app").GetString());
        Assert.Equal("✅ healthy", app.GetProperty("status").GetString());
        Assert.True(app.GetProperty("healthy").GetBoolean());
        Assert.True(app.GetProperty("changed").GetBoolean());
        Assert.Equal(["NotCloned"], app.GetProperty("drift").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(app.GetProperty("desiredCommit").GetString(), app.GetProperty("actualCommit").GetString());
        Assert.Equal(JsonValueKind.Null, app.GetProperty("error").ValueKind);
        Assert.False(Directory.Exists(_sandbox.AppPath("api")));
    }

    [Fact]
    public void Dry_run_prints_the_plan_and_changes_nothing()
    {
        TwoApps();

        var run = BuiltCli.Run(Environment, "reconcile", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"(?m)^APP\s+STATUS\s+COMMIT\s+DRIFT\s+PLAN$", run.Output);
        Assert.Contains("would clone,checkout", run.Output, StringComparison.Ordinal);
        Assert.Contains("web would:", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));
        Assert.False(File.Exists(_sandbox.Paths.LastPassFile));
    }

    [Fact]
    public void A_bad_agent_config_exits_1_with_the_file_line_and_key()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_sandbox.ConfigFile)!);
        File.WriteAllText(_sandbox.ConfigFile, "infra_name = \"edge-01\"\ninterval = \"often\"\n[applications]\n");

        var run = BuiltCli.Run(Environment, "reconcile");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{_sandbox.ConfigFile}:2:", run.Error, StringComparison.Ordinal);
        Assert.Contains("interval: expected an integer, found a string", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_held_lock_exits_1_and_names_the_holder()
    {
        TwoApps();
        using var held = GitOpsAgent.Core.State.AgentLock.Acquire(_sandbox.Paths);

        var run = BuiltCli.Run(Environment, "reconcile");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"pid {System.Environment.ProcessId}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_shows_the_last_pass_without_network_and_keeps_its_exit_code()
    {
        TwoApps(failingPost: "exit 1");
        Assert.Equal(1, BuiltCli.Run(Environment, "status").ExitCode);
        BuiltCli.Run(Environment, "reconcile");
        Directory.Delete(_sandbox.Remotes, recursive: true);

        var run = BuiltCli.Run(Environment, "status");
        var json = BuiltCli.Run(Environment, "status", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Last pass on edge-01", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^api\s+❌ post-command exited non-zero", run.Output);
        Assert.Equal(2, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(2, document.RootElement.GetProperty("apps").GetArrayLength());
    }

    [Fact]
    public void Unknown_options_and_commands_are_errors_not_ignored()
    {
        var option = BuiltCli.Run(Environment, "reconcile", "--dryrun");
        Assert.Equal(1, option.ExitCode);
        Assert.Contains("unknown option '--dryrun'", option.Error, StringComparison.Ordinal);

        var command = BuiltCli.Run(Environment, "reconcle");
        Assert.Equal(1, command.ExitCode);
        Assert.Contains("unknown command 'reconcle'", command.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_publishes_the_health_report_unless_told_not_to_and_the_fleet_view_reads_it()
    {
        TwoApps(failingPost: "exit 1");
        var bare = Path.Combine(_sandbox.Remotes, "deploy-config.git");

        BuiltCli.Run(Environment, "reconcile", "--no-publish");
        Assert.Equal(string.Empty, TestGit.Run(bare, "branch", "--list", "main-monitoring"));

        var published = BuiltCli.Run(Environment, "reconcile");
        Assert.Equal(2, published.ExitCode);
        Assert.Contains("main-monitoring", published.Error, StringComparison.Ordinal);
        var report = TestGit.Run(bare, "show", "main-monitoring:edge-01.toml");
        Assert.Contains("overall_status = \"⚠️ 1 of 2 apps need attention: api\"", report, StringComparison.Ordinal);

        var fleet = BuiltCli.Run(Environment, "status", "--fleet");
        Assert.Equal(2, fleet.ExitCode);
        Assert.Matches(@"(?m)^edge-01\s+api\s+❌ post-command exited non-zero", fleet.Output);
        Assert.Matches(@"(?m)^edge-01\s+web\s+✅ healthy", fleet.Output);
        using var json = JsonDocument.Parse(BuiltCli.Run(Environment, "status", "--fleet", "--json").Output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
    }

    [Fact]
    public void Validate_checks_a_config_repo_checkout_and_fails_on_errors_with_their_lines()
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.WriteConfigRepoFile("edge-01/infra_meta.toml", _sandbox.Section("web", commit));
        var clean = BuiltCli.Run(null, "validate", _sandbox.ConfigWork);
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("1 file(s) checked: 0 error(s), 0 warning(s).", clean.Output, StringComparison.Ordinal);

        _sandbox.WriteConfigRepoFile("edge-02/infra_meta.toml", "[api]\ncode_url = \"u\"\ncode_commit_hash = 42\ncode_local_path = \"srv/api\"\n");
        var broken = BuiltCli.Run(null, "validate", _sandbox.ConfigWork);

        Assert.Equal(2, broken.ExitCode);
        Assert.Matches(@"edge-02/infra_meta.toml:3:\d+: error: api.code_commit_hash: expected a string, found an integer", broken.Output);
        Assert.Matches(@"edge-02/infra_meta.toml:4:\d+: error: api.code_local_path: .*absolute path", broken.Output);
        Assert.Equal(0, BuiltCli.Run(null, "validate", _sandbox.ConfigWork, "--infra", "edge-01").ExitCode);
        Assert.Equal(1, BuiltCli.Run(null, "validate", Path.Combine(_sandbox.Root, "nowhere")).ExitCode);
    }
}
