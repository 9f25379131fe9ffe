using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Ops;

/// <summary>The unit files pass `systemd-analyze verify`, where systemd-analyze exists.</summary>
public sealed class SystemdUnitTests
{
    [Theory]
    [InlineData("gitops-agent.service", "/usr/bin/pwsh")]
    [InlineData("gitops-agent-cli.service", "/usr/local/bin/gitops-agent")]
    [InlineData("gitops-agent-oneshot.service", "/usr/local/bin/gitops-agent")]
    [InlineData("gitops-agent.timer", "/usr/local/bin/gitops-agent")]
    public void The_unit_verifies_cleanly(string unit, string execStart)
    {
        var analyze = ShellCommand.Which("systemd-analyze");
        if (analyze is null)
        {
            Assert.Skip("systemd-analyze is not installed here (apt-get install systemd); the unit files were not verified.");
        }

        var result = ShellCommand.Run(analyze, ["verify", Path.Combine(RepoPaths.Root, "systemd", unit)]);

        // The program a unit starts exists only once installed; that one message is expected on a build machine.
        var notInstalled = $"{unit}: Command {execStart} is not executable: No such file or directory";
        var problems = (result.Stdout + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line != notInstalled || File.Exists(execStart))
            .ToList();
        Assert.Empty(problems);
        Assert.True(result.ExitCode == 0 || !File.Exists(execStart), $"systemd-analyze verify exited {result.ExitCode}");
    }

    [Theory]
    [InlineData("gitops-agent.service", "SIGINT")]
    [InlineData("gitops-agent-cli.service", "SIGTERM")]
    public void The_unit_restarts_on_failure_and_stops_the_agent_with_the_signal_it_handles(string unit, string signal)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "systemd", unit));
        Assert.Contains("\nRestart=on-failure\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nKillSignal={signal}\n", text, StringComparison.Ordinal);
        Assert.Contains("\nKillMode=mixed\n", text, StringComparison.Ordinal);
        Assert.Contains("\nNoNewPrivileges=yes\n", text, StringComparison.Ordinal);
        // ProtectSystem=strict would stop the agent from writing the app folders operators configure.
        Assert.DoesNotContain("\nProtectSystem=", text, StringComparison.Ordinal);
    }
}
