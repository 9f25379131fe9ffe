using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

public sealed class HookTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private AppOutcome DeployWith(string? pre, string post, string extraAgentConfig = "")
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit, pre: pre, post: post));
        _sandbox.WriteAgentConfig(["web"], extraAgentConfig);
        return Assert.Single(_sandbox.Pass().Apps);
    }

    [Fact]
    public void A_failing_post_command_is_reported_with_its_exit_code_and_log()
    {
        var web = DeployWith(pre: null, post: "echo starting web; echo 'port 80 in use' >&2; exit 3");

        Assert.Equal(StatusLabels.CommandFailed, web.Status);
        Assert.False(web.Healthy);
        var post = Assert.Single(web.Commands);
        Assert.Equal("post", post.Stage);
        Assert.Equal(3, post.ExitCode);
        Assert.Contains("starting web", post.Log, StringComparison.Ordinal);
        Assert.Contains("port 80 in use", post.Log, StringComparison.Ordinal);
        Assert.Contains("exited with 3", web.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_post_command_is_held_not_rerun_every_pass_and_runs_again_on_retry()
    {
        var log = Path.Combine(_sandbox.Root, "attempts.log");
        var marker = Path.Combine(_sandbox.Root, "fixed");
        Assert.False(DeployWith(pre: null, post: $"echo try >> {log}; test -f {marker}").Healthy);

        var second = Assert.Single(_sandbox.Pass().Apps);
        Assert.Equal(StatusLabels.CommandFailed, second.Status);
        Assert.Contains(DriftReason.DesiredStateChanged, second.Drift);
        Assert.True(second.HeldBack);
        Assert.Single(File.ReadAllLines(log));

        File.WriteAllText(marker, string.Empty);
        var third = Assert.Single(_sandbox.Pass(new GitOpsAgent.Core.Reconcile.ReconcileOptions { Retry = true }).Apps);
        Assert.True(third.Healthy, third.Error);
        var fourth = Assert.Single(_sandbox.Pass().Apps);
        Assert.False(fourth.Changed);
        Assert.Equal(2, File.ReadAllLines(log).Length);
    }

    [Fact]
    public void A_failing_pre_command_stops_the_update_and_says_so()
    {
        var log = Path.Combine(_sandbox.Root, "post.log");
        var v1 = DeployWith(pre: "exit 7", post: $"echo ran >> {log}").ActualCommit;
        var v2 = _sandbox.CommitApp("web", "app.txt", "v2\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2, pre: "echo cannot stop; exit 7", post: $"echo ran >> {log}", extra: "on_failure = \"hold\"\n"));

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.Equal(StatusLabels.CommandFailed, web.Status);
        Assert.Contains("not updated", web.Error, StringComparison.Ordinal);
        Assert.Equal(v1, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
        Assert.Single(File.ReadAllLines(log));
        Assert.Equal(7, Assert.Single(web.Commands).ExitCode);
    }

    [Fact]
    public void A_hanging_command_is_stopped_at_the_timeout_with_everything_it_started()
    {
        var pidFile = Path.Combine(_sandbox.Root, "child.pid");
        var web = DeployWith(pre: null, post: $"sleep 300 & echo $! > {pidFile}; echo waiting; wait", extraAgentConfig: "command_timeout = 1\n");

        var post = Assert.Single(web.Commands);
        Assert.True(post.TimedOut);
        Assert.Equal(StatusLabels.CommandFailed, web.Status);
        Assert.Contains("waiting", post.Log, StringComparison.Ordinal);
        Assert.Contains("command_timeout", post.Log, StringComparison.Ordinal);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(WaitUntilGone(child), $"the hook's background child {child} survived the timeout");
    }

    [Fact]
    public void A_very_chatty_command_keeps_only_the_last_64_KiB_of_its_output_without_colour_codes()
    {
        var web = DeployWith(pre: null, post: "i=0; while [ $i -lt 40000 ]; do printf '\\033[32mline %d of noise\\033[0m\\n' $i; i=$((i+1)); done; echo LAST LINE");

        var post = Assert.Single(web.Commands);
        Assert.True(post.Succeeded);
        Assert.True(post.Log.Length <= (64 * 1024) + 200, $"log is {post.Log.Length} characters");
        Assert.EndsWith("LAST LINE", post.Log, StringComparison.Ordinal);
        Assert.Contains("earlier characters omitted", post.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", post.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_get_no_stdin_and_run_in_the_app_folder()
    {
        var web = DeployWith(pre: null, post: "pwd; if read line; then echo got-input; else echo no-input; fi");

        var post = Assert.Single(web.Commands);
        Assert.Equal($"{_sandbox.AppPath("web")}\nno-input", post.Log);
    }

    private static bool WaitUntilGone(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }
}
