using System.Collections;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GitOpsAgent.Core.Processes;

/// <summary>
/// Starts a child as the leader of a new session with glibc's posix_spawn (POSIX_SPAWN_SETSID), in one step.
/// System.Diagnostics.Process cannot do that, so children used to be started through /usr/bin/setsid, which then
/// started the real program: one more program loaded per child, about a fifth of a steady pass's CPU (one git status
/// per app; see bench/RESULTS.md, issue 19). The child is the same: its own session and process group (no terminal,
/// out of reach of the terminal's Ctrl-C, stopped as a group), stdin at end of file, default signal handling and an
/// empty signal mask, the program found on the PATH of its own environment as setsid's execvp found it.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    private const int OCloexec = 0x80000;
    private const int WNoHang = 1;
    private const int EIntr = 4;
    private const short SetSignalDefaults = 0x04;
    private const short SetSignalMask = 0x08;
    private const short SetSession = 0x80;
    private const int SigKill = 9;
    private const int SigStop = 19;

    // glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336 and sigset_t 128 on 64-bit Linux;
    // allocated larger so a different layout cannot overrun them.
    private const int OpaqueSize = 1024;

    /// <summary>
    /// glibc on Linux with posix_spawn_file_actions_addchdir_np (2.29 and later); elsewhere the setsid program is used.
    /// </summary>
    public static bool Available { get; } = Probe();

    /// <summary>Starts <paramref name="request"/>; its stdout and stderr are the returned pipes' read ends.</summary>
    public static (int Pid, SafeFileHandle Stdout, SafeFileHandle Stderr) Start(ProcessRequest request)
    {
        var environment = Environment.GetEnvironmentVariables();
        foreach (var pair in request.Environment)
        {
            environment[pair.Key] = pair.Value;
        }

        var program = Resolve(request.FileName, environment["PATH"] as string)
            ?? throw new ProcessStartException(request.FileName, new Win32Exception(2));
        var pipes = stackalloc int[4];
        if (Pipe2(pipes, OCloexec) != 0 || Pipe2(pipes + 2, OCloexec) != 0)
        {
            throw new ProcessStartException(request.FileName, new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        var devNull = Open("/dev/null", OCloexec);
        var actions = NativeMemory.AllocZeroed(OpaqueSize);
        var attributes = NativeMemory.AllocZeroed(OpaqueSize);
        var signals = NativeMemory.AllocZeroed(OpaqueSize);
        var strings = new List<nint>();
        try
        {
            Check(request.FileName, FileActionsInit(actions));
            Check(request.FileName, devNull < 0 ? Marshal.GetLastPInvokeError() : AddDup2(actions, devNull, 0));
            Check(request.FileName, AddDup2(actions, pipes[1], 1));
            Check(request.FileName, AddDup2(actions, pipes[3], 2));
            if (!string.IsNullOrEmpty(request.WorkingDirectory))
            {
                Check(request.FileName, AddChdir(actions, request.WorkingDirectory));
            }

            Check(request.FileName, AttrInit(attributes));
            Check(request.FileName, AttrSetFlags(attributes, SetSession | SetSignalDefaults | SetSignalMask));
            _ = SigEmptySet(signals);
            Check(request.FileName, AttrSetSigMask(attributes, signals));
            // Every signal back to its default, including those ignored here (the runtime ignores SIGPIPE).
            _ = SigFillSet(signals);
            _ = SigDelSet(signals, SigKill);
            _ = SigDelSet(signals, SigStop);
            Check(request.FileName, AttrSetSigDefault(attributes, signals));

            var argv = (nint*)NativeMemory.AllocZeroed((nuint)(request.Arguments.Count + 2), (nuint)sizeof(nint));
            var envp = (nint*)NativeMemory.AllocZeroed((nuint)(environment.Count + 1), (nuint)sizeof(nint));
            try
            {
                argv[0] = Utf8(strings, request.FileName);
                for (var i = 0; i < request.Arguments.Count; i++)
                {
                    argv[i + 1] = Utf8(strings, request.Arguments[i]);
                }

                var count = 0;
                foreach (DictionaryEntry pair in environment)
                {
                    envp[count++] = Utf8(strings, $"{pair.Key}={pair.Value}");
                }

                int pid;
                var result = Spawn(&pid, program, actions, attributes, argv, envp);
                if (result != 0)
                {
                    throw new ProcessStartException(request.FileName, new Win32Exception(result));
                }

                var stdout = new SafeFileHandle(pipes[0], ownsHandle: true);
                var stderr = new SafeFileHandle(pipes[2], ownsHandle: true);
                pipes[0] = pipes[2] = -1;
                return (pid, stdout, stderr);
            }
            finally
            {
                NativeMemory.Free(argv);
                NativeMemory.Free(envp);
            }
        }
        finally
        {
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }

            _ = FileActionsDestroy(actions);
            _ = AttrDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            // The child has its own copies; the parent keeps only the read ends it returns.
            foreach (var fd in new[] { pipes[0], pipes[1], pipes[2], pipes[3], devNull })
            {
                if (fd >= 0)
                {
                    _ = Close(fd);
                }
            }
        }
    }

    /// <summary>
    /// Reaps <paramref name="pid"/> if it has exited: its exit code (128 + signal when a signal ended it, as
    /// Process.ExitCode has it), -1 when another waiter took its status. False while it runs.
    /// </summary>
    public static bool TryReap(int pid, out int exitCode)
    {
        int status;
        int result;
        do
        {
            result = WaitPid(pid, &status, WNoHang);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);

        if (result == 0)
        {
            exitCode = 0;
            return false;
        }

        exitCode = result < 0 ? -1 : (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
        return true;
    }

    /// <summary>
    /// Waits for <paramref name="pid"/> to exit, at most <paramref name="timeout"/>, while its output pipes are read
    /// by <paramref name="pumps"/>: they end when it exits, so the common case wakes at once; a child that closed its
    /// output early (or a daemon that kept it open) is looked at every few milliseconds, up to every 50.
    /// </summary>
    public static int? WaitForExit(int pid, TimeSpan timeout, Task pumps, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var pause = 1;
        var yields = 0;
        while (true)
        {
            if (TryReap(pid, out var exitCode))
            {
                return exitCode;
            }

            var left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (!pumps.IsCompleted)
            {
                try
                {
                    _ = pumps.Wait((int)Math.Min(left.TotalMilliseconds + 1, 50), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
            else if (yields < 20)
            {
                // The pipes close a moment before the exit status is there.
                yields++;
                _ = Thread.Yield();
            }
            else
            {
                if (cancellationToken.WaitHandle.WaitOne(Math.Min(pause, (int)Math.Ceiling(left.TotalMilliseconds))))
                {
                    return null;
                }

                pause = Math.Min(pause * 2, 50);
            }
        }
    }

    /// <summary>Reaps <paramref name="pid"/> in the background, whenever it exits, so it never lingers as a zombie.</summary>
    public static void ReapLater(int pid) =>
        _ = Task.Factory.StartNew(
            () =>
            {
                int status;
                while (WaitPid(pid, &status, 0) < 0 && Marshal.GetLastPInvokeError() == EIntr)
                {
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>What execvp would run for <paramref name="file"/> with <paramref name="path"/> as PATH.</summary>
    internal static string? Resolve(string file, string? path)
    {
        if (file.Contains('/', StringComparison.Ordinal))
        {
            return file;
        }

        foreach (var dir in (path ?? "/usr/local/bin:/bin:/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? "." : dir, file);
            if (Access(candidate, 1) == 0 && !Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static nint Utf8(List<nint> strings, string text)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        strings.Add(pointer);
        return pointer;
    }

    private static void Check(string fileName, int error)
    {
        if (error != 0)
        {
            throw new ProcessStartException(fileName, new Win32Exception(error));
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc))
        {
            return false;
        }

        return NativeLibrary.TryGetExport(libc, "posix_spawn_file_actions_addchdir_np", out _)
            && NativeLibrary.TryGetExport(libc, "posix_spawn", out _);
    }

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Spawn(int* pid, string path, void* actions, void* attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int AddDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddChdir(void* actions, string path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttrInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttrDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttrSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int AttrSetSigMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int AttrSetSigDefault(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SigEmptySet(void* signals);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    private static partial int SigFillSet(void* signals);

    [LibraryImport("libc", EntryPoint = "sigdelset")]
    private static partial int SigDelSet(void* signals, int signal);
}
