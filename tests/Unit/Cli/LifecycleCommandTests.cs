using System.Text.Json;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Lifecycle;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>reconcile --retry, sync, suspend and resume as an operator runs them: the built command, its JSON and exit codes.</summary>
public sealed class LifecycleCommandTests : IDisposable
{
    private readonly LifecycleSandbox _s = new();

    public void Dispose() => _s.Dispose();

    private Dictionary<string, string> Environment => new()
    {
        ["GITOPS_AGENT_CONFIG"] = _s.Device.ConfigFile,
        ["GITOPS_AGENT_HOME"] = _s.Device.Home,
    };

    private static JsonElement App(CliRun run) => JsonDocument.Parse(run.Output).RootElement.GetProperty("apps")[0];

    [Fact]
    public void A_rolled_back_release_shows_in_json_exits_2_is_held_and_retry_attempts_it_again()
    {
        var v1 = _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
        _s.Declare(v2, "MODE=two\n");

        var run = BuiltCli.Run(Environment, "reconcile", "--json", "--no-publish");

        Assert.Equal(2, run.ExitCode);
        var web = App(run);
        Assert.StartsWith("⏪ rolled back to ", web.GetProperty("status").GetString(), StringComparison.Ordinal);
        Assert.Equal(v1, web.GetProperty("rolledBackTo").GetString());
        Assert.Equal(v2, web.GetProperty("failedCommit").GetString());
        Assert.Equal("health", web.GetProperty("failedStep").GetString());
        Assert.Equal("failed", web.GetProperty("healthCheck").GetProperty("result").GetString());
        Assert.Contains(web.GetProperty("commands").EnumerateArray(), run => run.GetProperty("stage").GetString() == "rollback-post");
        Assert.True(web.GetProperty("needsAttention").GetBoolean());

        var held = BuiltCli.Run(Environment, "reconcile", "--json", "--no-publish");
        Assert.Equal(2, held.ExitCode);
        Assert.True(App(held).GetProperty("heldBack").GetBoolean());
        Assert.Equal(0, App(held).GetProperty("commands").GetArrayLength());

        var retried = BuiltCli.Run(Environment, "reconcile", "--app", "web", "--retry", "--json", "--no-publish");
        Assert.Equal(2, retried.ExitCode);
        Assert.Equal(2, App(retried).GetProperty("failedAttempts").GetInt32());
        Assert.NotEqual(0, App(retried).GetProperty("commands").GetArrayLength());
    }

    [Fact]
    public void Suspend_and_resume_report_their_state_in_json_and_a_suspended_app_exits_0()
    {
        _s.DeployHealthyV1();

        var suspend = BuiltCli.Run(Environment, "suspend", "web", "--reason", "disk swap", "--until", "2099-01-01T00:00Z", "--json");

        Assert.Equal(0, suspend.ExitCode);
        var state = JsonDocument.Parse(suspend.Output).RootElement;
        Assert.True(state.GetProperty("suspended").GetBoolean());
        Assert.Equal("disk swap", state.GetProperty("reason").GetString());
        Assert.Equal("device", state.GetProperty("by").GetString());
        Assert.StartsWith("2099-01-01T00:00:00", state.GetProperty("until").GetString(), StringComparison.Ordinal);

        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n");
        var pass = BuiltCli.Run(Environment, "reconcile", "--json", "--no-publish");
        Assert.Equal(0, pass.ExitCode);
        Assert.Equal("⏸ suspended: disk swap", App(pass).GetProperty("status").GetString());
        Assert.Equal("disk swap", App(pass).GetProperty("suspended").GetProperty("reason").GetString());

        var resume = BuiltCli.Run(Environment, "resume", "web");
        Assert.Equal(0, resume.ExitCode);
        Assert.Contains("web is resumed", resume.Output, StringComparison.Ordinal);
        Assert.Equal(0, BuiltCli.Run(Environment, "reconcile", "--no-publish").ExitCode);
        Assert.Equal(v2, _s.Head);
    }

    [Fact]
    public void Suspend_refuses_an_unknown_app_a_missing_reason_and_a_past_time_with_exit_1()
    {
        _s.DeployHealthyV1();

        var unknown = BuiltCli.Run(Environment, "suspend", "nope", "--reason", "x");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nope", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, BuiltCli.Run(Environment, "suspend", "web").ExitCode);
        var help = BuiltCli.Run(Environment, "suspend", "--help").Output;
        Assert.Contains(" --reason TEXT ", help, StringComparison.Ordinal);
        Assert.DoesNotContain("[--reason TEXT]", help, StringComparison.Ordinal);
        var past = BuiltCli.Run(Environment, "suspend", "web", "--reason", "x", "--until", "2001-01-01T00:00Z");
        Assert.Equal(1, past.ExitCode);
        Assert.Contains("not in the future", past.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_of_an_app_suspended_in_git_exits_2_and_says_where_to_lift_it()
    {
        var v1 = _s.DeployHealthyV1();
        _s.Declare(v1, "MODE=one\n", "suspended = true\nsuspend_reason = \"freeze\"\n");
        BuiltCli.Run(Environment, "reconcile", "--no-publish");

        var resume = BuiltCli.Run(Environment, "resume", "web", "--json");

        Assert.Equal(2, resume.ExitCode);
        var state = JsonDocument.Parse(resume.Output).RootElement;
        Assert.True(state.GetProperty("suspended").GetBoolean());
        Assert.Equal("git", state.GetProperty("by").GetString());
        Assert.Contains("infra_meta.toml", state.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_applies_a_manual_app_that_reconcile_only_reports()
    {
        _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n", "sync = \"manual\"\n");

        var reconcile = BuiltCli.Run(Environment, "reconcile", "--json", "--no-publish");
        Assert.Equal(0, reconcile.ExitCode);
        Assert.Equal(StatusLabels.OutOfSyncManual, App(reconcile).GetProperty("status").GetString());
        Assert.Equal("manual", App(reconcile).GetProperty("sync").GetString());

        var sync = BuiltCli.Run(Environment, "sync", "web", "--json", "--no-publish");

        Assert.Equal(0, sync.ExitCode);
        Assert.Equal(StatusLabels.Healthy, App(sync).GetProperty("status").GetString());
        Assert.Equal(v2, _s.Head);
    }
}
