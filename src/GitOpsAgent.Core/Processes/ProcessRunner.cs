using System.Diagnostics;

namespace GitOpsAgent.Core.Processes;

/// <summary>
/// Runs an external program the way an unattended agent must: no terminal, stdin closed, both streams
/// drained concurrently into bounded buffers, a timeout that stops the whole process group, and
/// cancellation that does the same.
/// </summary>
public sealed class ProcessRunner
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    // A daemon started by a hook may keep our pipes open after the hook exits; wait this long for EOF, then move on.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    private int _started;

    /// <summary>Processes started by this runner, for benchmarks and tests that count them.</summary>
    public int StartedCount => Volatile.Read(ref _started);

    public ProcessResult Run(ProcessRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PosixSpawn.Available ? RunSpawned(request, cancellationToken) : RunWithProcess(request, cancellationToken);
    }

    /// <summary>The child started by <see cref="PosixSpawn"/> as a session leader: no setsid program in between.</summary>
    private ProcessResult RunSpawned(ProcessRequest request, CancellationToken cancellationToken)
    {
        var stdout = new BoundedOutput(request.OutputLimit);
        var stderr = request.MergeOutput ? stdout : new BoundedOutput(request.OutputLimit);
        var watch = Stopwatch.StartNew();
        var (pid, outHandle, errHandle) = PosixSpawn.Start(request);
        Interlocked.Increment(ref _started);
        // What Process gives for a redirected stream: the default encoding (UTF-8), a byte order mark honoured.
        using var outReader = new StreamReader(new FileStream(outHandle, FileAccess.Read, 1), System.Text.Encoding.Default, true, 4096);
        using var errReader = new StreamReader(new FileStream(errHandle, FileAccess.Read, 1), System.Text.Encoding.Default, true, 4096);
        var pumps = Task.WhenAll(Pump(outReader, stdout), Pump(errReader, stderr));
        var exitCode = PosixSpawn.WaitForExit(pid, request.Timeout, pumps, cancellationToken);
        var timedOut = false;
        if (exitCode is null)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            exitCode = ProcessGroup.Terminate(pid, KillGrace, pumps);
        }

        // The drain is bounded by its own grace, cancelled or not: the output read so far goes with the result.
        _ = pumps.Wait(DrainGrace, CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessResult(exitCode ?? -1, stdout.ToString(), request.MergeOutput ? string.Empty : stderr.ToString(), timedOut, watch.Elapsed);
    }

    /// <summary>Where posix_spawn is not there: System.Diagnostics.Process, through the setsid program.</summary>
    private ProcessResult RunWithProcess(ProcessRequest request, CancellationToken cancellationToken)
    {
        var info = ProcessGroup.StartInfoFor(request.FileName);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.CreateNoWindow = true;
        info.WorkingDirectory = request.WorkingDirectory ?? string.Empty;
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var pair in request.Environment)
        {
            info.Environment[pair.Key] = pair.Value;
        }

        var stdout = new BoundedOutput(request.OutputLimit);
        var stderr = request.MergeOutput ? stdout : new BoundedOutput(request.OutputLimit);
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ProcessStartException(request.FileName, ex);
        }

        Interlocked.Increment(ref _started);
        if (request.RunningStep is { } step)
        {
            Faults.FaultInjection.Step(step);
        }
        process.StandardInput.Close();
        var readOut = Pump(process.StandardOutput, stdout);
        var readErr = Pump(process.StandardError, stderr);

        var timedOut = false;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(request.Timeout);
            try
            {
                process.WaitForExitAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                ProcessGroup.Terminate(process, KillGrace);
                process.WaitForExit(KillGrace);
            }
        }

        _ = Task.WaitAll([readOut, readErr], DrainGrace);
        var exitCode = process.HasExited ? process.ExitCode : -1;
        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessResult(exitCode, stdout.ToString(), request.MergeOutput ? string.Empty : stderr.ToString(), timedOut, watch.Elapsed);
    }

    /// <summary>
    /// Reads one of the child's streams to its end on a thread of its own. A pipe has no asynchronous read on Unix:
    /// an awaited read holds a thread-pool thread until the child closes the pipe, so a pass observing apps in
    /// parallel held two pool threads per running child and stalled (about a second at a time) until the pool grew.
    /// </summary>
    private static Task Pump(StreamReader reader, BoundedOutput sink) =>
        Task.Factory.StartNew(
            () =>
            {
                try
                {
                    while (reader.ReadLine() is { } line)
                    {
                        sink.AppendLine(line);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The process object was disposed while a lingering grandchild still held the pipe.
                }
                catch (IOException)
                {
                    // Same as above, surfaced as a broken pipe.
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
