using System.Globalization;
using GitOpsAgent.Core.Processes;

namespace GitOpsAgent.Tests.Unit.Processes;

/// <summary>
/// How every child of the agent starts, whichever way ProcessRunner starts it (posix_spawn where glibc has it, the
/// setsid program elsewhere): the leader of a session of its own without a terminal, nothing ignored or blocked,
/// stdin at end of file, exit codes as Process reports them.
/// </summary>
public sealed class ProcessRunnerTests
{
    private readonly ProcessRunner _runner = new();

    [Fact]
    public void A_child_leads_its_own_session_and_group_and_has_no_terminal()
    {
        var result = _runner.Run(new ProcessRequest("/bin/sh", ["-c", "cat /proc/$$/stat; echo; echo $$"]), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // /proc/<pid>/stat: pid (comm) state ppid pgrp session tty_nr ...; comm is in parentheses and may hold spaces.
        var fields = lines[0][(lines[0].LastIndexOf(')') + 2)..].Split(' ');
        var pid = lines[^1].Trim();
        Assert.Equal(pid, fields[2]);
        Assert.Equal(pid, fields[3]);
        Assert.Equal("0", fields[4]);
    }

    [Fact]
    public void A_child_ignores_and_blocks_no_signal_and_reads_end_of_file_from_stdin()
    {
        // Read with builtins only: a grep forked by the shell would race the shell's own all-signals-blocked window around
        // vfork (dash blocks every signal while it forks) and sometimes see that instead of the mask the child started with.
        var result = _runner.Run(new ProcessRequest("/bin/sh", ["-c", "while read -r line; do case $line in SigIgn:*|SigBlk:*) echo \"$line\";; esac; done < /proc/$$/status; cat; echo read-done"]), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        // Bits 0 to 30 are signals 1 to 31 (SIGPIPE, which the runtime ignores, among them); 32 and up are real-time
        // signals, two of which glibc keeps for itself and sets up in every program it starts.
        Assert.Equal(0UL, Mask(result.StandardOutput, "SigIgn") & 0x7FFF_FFFF);
        Assert.Equal(0UL, Mask(result.StandardOutput, "SigBlk") & 0x7FFF_FFFF);
        Assert.EndsWith("read-done\n", result.StandardOutput, StringComparison.Ordinal);
    }

    private static ulong Mask(string status, string field) =>
        ulong.Parse(status.Split('\n').Single(line => line.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Fact]
    public void Exit_codes_and_a_signal_that_ends_the_child_are_reported_as_Process_reports_them()
    {
        Assert.Equal(3, _runner.Run(new ProcessRequest("/bin/sh", ["-c", "exit 3"]), TestContext.Current.CancellationToken).ExitCode);
        Assert.Equal(128 + 15, _runner.Run(new ProcessRequest("/bin/sh", ["-c", "kill -TERM $$"]), TestContext.Current.CancellationToken).ExitCode);
    }

    [Fact]
    public void Output_and_errors_are_kept_apart_or_merged_and_the_environment_and_folder_are_the_requested_ones()
    {
        var folder = Path.GetTempPath();
        var request = new ProcessRequest("sh", ["-c", "echo out; echo err >&2; echo \"$GITOPS_TEST_VALUE\"; pwd"])
        {
            WorkingDirectory = folder,
            Environment = new Dictionary<string, string> { ["GITOPS_TEST_VALUE"] = "set for the child" },
        };

        var apart = _runner.Run(request, TestContext.Current.CancellationToken);
        var merged = _runner.Run(request with { MergeOutput = true }, TestContext.Current.CancellationToken);

        Assert.Equal($"out\nset for the child\n{Path.TrimEndingDirectorySeparator(folder)}\n", apart.StandardOutput);
        Assert.Equal("err\n", apart.StandardError);
        Assert.Contains("err\n", merged.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, merged.StandardError);
    }

    [Fact]
    public void A_program_that_is_not_there_cannot_be_started_and_says_so()
    {
        var error = Assert.Throws<ProcessStartException>(() => _runner.Run(new ProcessRequest("gitops-no-such-program", []), TestContext.Current.CancellationToken));

        Assert.Equal("gitops-no-such-program", error.FileName);
    }

    [Fact]
    public void A_child_that_outlives_its_timeout_is_stopped_with_its_group()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"gitops-runner-{Guid.NewGuid():N}");
        var request = new ProcessRequest("/bin/sh", ["-c", $"sleep 30 & echo $! > {marker}; wait"]) { Timeout = TimeSpan.FromMilliseconds(300) };

        var result = _runner.Run(request, TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        var child = int.Parse(File.ReadAllText(marker).Trim(), CultureInfo.InvariantCulture);
        File.Delete(marker);
        Assert.True(SpinWait.SpinUntil(() => !Directory.Exists($"/proc/{child}") || File.ReadAllText($"/proc/{child}/stat").Split(' ')[2] == "Z", TimeSpan.FromSeconds(10)), $"the background child {child} survived the timeout");
    }
}
