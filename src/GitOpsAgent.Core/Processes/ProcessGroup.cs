using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GitOpsAgent.Core.Processes;

/// <summary>
/// Starts children as leaders of their own process group (through setsid) so a timeout can stop the
/// whole tree a hook started, not just the shell.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    private static readonly string? SetsidPath = FindSetsid();

    public static bool Available => SetsidPath is not null;

    /// <summary>
    /// A start info that runs <paramref name="fileName"/> as the leader of a new process group; the caller adds
    /// the arguments. Built directly rather than by copying a finished one: every copy of the environment costs
    /// a few kilobytes per spawn, and a pass spawns once per app.
    /// </summary>
    public static ProcessStartInfo StartInfoFor(string fileName)
    {
        if (SetsidPath is null)
        {
            return new ProcessStartInfo(fileName);
        }

        var info = new ProcessStartInfo(SetsidPath);
        info.ArgumentList.Add(fileName);
        return info;
    }

    /// <summary>Asks the group to stop, waits <paramref name="grace"/>, then kills whatever is left.</summary>
    public static void Terminate(Process process, TimeSpan grace)
    {
        if (SetsidPath is null || !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            KillTree(process);
            return;
        }

        var groupId = process.Id;
        _ = Kill(-groupId, SigTerm);
        if (!process.WaitForExit(grace))
        {
            _ = Kill(-groupId, SigKill);
            KillTree(process);
        }
        else
        {
            // The leader left; make sure nothing it started lingers in the group.
            _ = Kill(-groupId, SigKill);
        }
    }

    /// <summary>
    /// Stops the group of a child <see cref="PosixSpawn"/> started (its pid is the group's id) the same way: asks it to
    /// stop, waits <paramref name="grace"/> for the leader, then kills whatever is left of the group. Returns the
    /// leader's exit code, or null when it has not exited even then (it is reaped whenever it does).
    /// </summary>
    public static int? Terminate(int pid, TimeSpan grace, Task pumps)
    {
        _ = Kill(-pid, SigTerm);
        var exitCode = PosixSpawn.WaitForExit(pid, grace, pumps, CancellationToken.None);
        _ = Kill(-pid, SigKill);
        exitCode ??= PosixSpawn.WaitForExit(pid, grace, pumps, CancellationToken.None);
        if (exitCode is null)
        {
            PosixSpawn.ReapLater(pid);
        }

        return exitCode;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string? FindSetsid()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        foreach (var candidate in new[] { "/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
