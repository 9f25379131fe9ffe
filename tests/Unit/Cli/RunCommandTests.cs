using System.Text.RegularExpressions;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>`gitops-agent run`, the service loop, as systemd runs it: a real process, real git, SIGTERM to stop.</summary>
public sealed partial class RunCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private readonly DeviceSandbox _sandbox = new();

    [Fact]
    public void Two_iterations_then_SIGTERM_stops_cleanly_with_exit_0_and_no_partial_files()
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web")));
        _sandbox.WriteAgentConfig(["web"]);
        using var agent = CliProcess.Start(Arguments("--interval", "1"), new Dictionary<string, string?> { ["JOURNAL_STREAM"] = "8:12345" });

        var twoPasses = agent.WaitForOutput((stdout, _) => PassDone().Count(stdout) >= 2, Patience);
        Assert.True(twoPasses, $"two passes did not finish in time.\nstdout:\n{agent.Stdout}\nstderr:\n{agent.Stderr}");
        agent.Terminate();

        Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(20)), "the agent did not stop within 20 s of SIGTERM");
        Assert.Equal(0, agent.ExitCode);
        Assert.Contains("<6>stop requested", agent.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_sandbox.AppPath("web"), "app.txt")), "the app was not deployed");
        Assert.Empty(LeftoverFiles(_sandbox.Home));
        Assert.Empty(LeftoverFiles(_sandbox.Device));
        // The first pass deployed and published; under systemd every line carries its journal priority.
        Assert.Matches(@"(?m)^<6>main-monitoring of \S+: pushed", agent.Stdout);
        // Between passes the loop says what it keeps in memory after its collection, for an operator to watch.
        Assert.Matches(@"(?m)^<7>next pass in [0-9.]+ s\. Memory after the pass: [0-9]+\.[0-9]{2} MiB managed heap, [1-9][0-9]*\.[0-9] MiB resident\.$", agent.Stdout);
        Assert.All(agent.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches("^<[3467]>", line));
        Assert.Equal(string.Empty, agent.Stderr.Trim());
    }

    [Fact]
    public void SIGTERM_during_a_hook_stops_the_hook_and_exits_0()
    {
        var marker = Path.Combine(_sandbox.Root, "hook-started");
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web"), post: $"touch {marker}; sleep 60"));
        _sandbox.WriteAgentConfig(["web"]);
        using var agent = CliProcess.Start(Arguments("--interval", "1"));

        Assert.True(agent.WaitForOutput((_, _) => File.Exists(marker), Patience), $"the hook never started.\nstdout:\n{agent.Stdout}\nstderr:\n{agent.Stderr}");
        agent.Terminate();

        Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(20)), "the agent did not stop within 20 s of SIGTERM during a hook");
        Assert.Equal(0, agent.ExitCode);
        Assert.Contains("stop requested", agent.Stdout, StringComparison.Ordinal);
        Assert.Empty(LeftoverFiles(_sandbox.Home));
        // The hook's shell (its command line names the marker) was stopped with its process group, not orphaned.
        Assert.Empty(ProcessesMentioning(marker));
    }

    [Fact]
    public void Waits_back_off_exponentially_while_the_config_repo_is_unreachable()
    {
        File.WriteAllText(
            _sandbox.ConfigFile.EnsureParent(),
            $"infra_name = \"edge-01\"\ninterval = 60\n[applications]\nweb = \"file://{_sandbox.Root}/remotes/missing.git@main\"\n");
        using var agent = CliProcess.Start(Arguments("--interval", "0.2"));

        var threeBackOffs = agent.WaitForOutput((_, stderr) => BackOff().Count(stderr) >= 3, Patience);
        agent.Terminate();
        Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(20)), "the agent did not stop after SIGTERM");
        Assert.True(threeBackOffs, $"no three back-off waits were logged.\nstderr:\n{agent.Stderr}");
        Assert.Equal(0, agent.ExitCode);

        var waits = BackOff().Matches(agent.Stderr).Select(m => (Streak: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Seconds: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).Take(3).ToList();
        Assert.Equal([1, 2, 3], waits.Select(w => w.Streak));
        // 0.2 s doubled per pass (0.4, 0.8, 1.6), each within the ±10% jitter and the 0.1 s rounding of the log.
        for (var i = 0; i < waits.Count; i++)
        {
            var expected = 0.2 * Math.Pow(2, i + 1);
            Assert.InRange(waits[i].Seconds, (expected * 0.9) - 0.05, (expected * 1.1) + 0.05);
        }
    }

    [Fact]
    public void Once_runs_one_pass_and_exits_with_the_health_as_exit_code()
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web"), post: "exit 4"));
        _sandbox.WriteAgentConfig(["web"]);

        using var agent = CliProcess.Run(Arguments("--once"));

        Assert.Equal(2, agent.ExitCode);
        Assert.Contains("error: web: ❌ post-command exited non-zero", agent.Stderr, StringComparison.Ordinal);
        Assert.Single(PassDone().Matches(agent.Stdout + agent.Stderr));
    }

    [Fact]
    public void A_broken_config_is_logged_as_an_error_and_retried_not_fatal()
    {
        File.WriteAllText(_sandbox.ConfigFile.EnsureParent(), "interval = \"often\"\n");
        using var agent = CliProcess.Start(Arguments("--interval", "0.3"), new Dictionary<string, string?> { ["JOURNAL_STREAM"] = "8:12345" });

        var retried = agent.WaitForOutput((_, stderr) => Regex.Count(stderr, "<3>no pass ran because") >= 2, Patience);
        Assert.True(retried, $"the loop did not retry after a config error.\nstderr:\n{agent.Stderr}");
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web")));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(agent.WaitForOutput((stdout, _) => PassDone().IsMatch(stdout), Patience), $"the fixed config was not picked up.\nstdout:\n{agent.Stdout}");
        agent.Terminate();

        Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, agent.ExitCode);
        Assert.Contains("<3>" + _sandbox.ConfigFile, agent.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _sandbox.Dispose();

    private string[] Arguments(params string[] extra) => ["run", "--config", _sandbox.ConfigFile, "--home", _sandbox.Home, .. extra];

    /// <summary>Temp files of atomic writes (agent and installer naming) and git lock files: none may survive a stop.</summary>
    private static List<string> LeftoverFiles(string root) =>
        !Directory.Exists(root)
            ? []
            : Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(path => Path.GetFileName(path).Contains(".gitops-tmp-", StringComparison.Ordinal) || path.EndsWith(".lock", StringComparison.Ordinal) && !path.EndsWith("agent.lock", StringComparison.Ordinal))
                .ToList();

    private static List<string> ProcessesMentioning(string text) =>
        Directory.EnumerateDirectories("/proc")
            .Where(dir => int.TryParse(Path.GetFileName(dir), out _))
            .Where(dir =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .ToList();

    [GeneratedRegex("pass done on edge-01")]
    private static partial Regex PassDone();

    [GeneratedRegex(@"unreachable in (\d+) pass(?:es)? in a row; backing off: next pass in ([0-9.]+) s")]
    private static partial Regex BackOff();
}
