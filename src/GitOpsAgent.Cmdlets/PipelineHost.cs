using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using GitOpsAgent.Core.Hosting;

namespace GitOpsAgent.Cmdlets;

/// <summary>
/// Runs Core work on a worker thread and performs every host call on the pipeline thread. PowerShell allows
/// Write* and ShouldProcess only on the pipeline thread, and the engine narrates from parallel observation threads,
/// so calls are queued here and pumped by the thread that owns the pipeline; verbose and progress still appear live.
/// </summary>
internal sealed class PipelineHost : IAgentHost, IDisposable
{
    private const int ProgressId = 4711;

    private readonly Cmdlet _cmdlet;
    private readonly int _pipelineThread = Environment.CurrentManagedThreadId;
    private readonly BlockingCollection<HostCall> _queue = new();
    private string? _progressActivity;

    public PipelineHost(Cmdlet cmdlet)
    {
        _cmdlet = cmdlet;
    }

    /// <summary>Runs <paramref name="work"/> on a worker thread, pumping its host calls here until it ends; rethrows its exception here.</summary>
    public T Run<T>(Func<IAgentHost, CancellationToken, T> work, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var task = Task.Run(
            () =>
            {
                try
                {
                    return work(this, cancel.Token);
                }
                finally
                {
                    _queue.CompleteAdding();
                }
            },
            CancellationToken.None);

        ExceptionDispatchInfo? writeFailure = null;
        foreach (var call in _queue.GetConsumingEnumerable(CancellationToken.None))
        {
            if (writeFailure is not null)
            {
                call.Abandon();
                continue;
            }

            try
            {
                call.Perform();
            }
            catch (Exception ex) when (ex is PipelineStoppedException or InvalidOperationException or RuntimeException)
            {
                // The pipeline is stopping (or refused the write): stop the work, release whatever waits on an answer.
                call.Abandon();
                writeFailure = ExceptionDispatchInfo.Capture(ex);
                cancel.Cancel();
            }
        }

        CompleteProgress();
        if (writeFailure is not null)
        {
            try
            {
                task.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // The work saw the cancellation; why the pipeline stopped matters more than how the work ended.
            }

            writeFailure.Throw();
        }

        return task.GetAwaiter().GetResult();
    }

    public void WriteVerbose(string message) => Post(new HostCall(() => _cmdlet.WriteVerbose(message)));

    public void WriteWarning(string message) => Post(new HostCall(() => _cmdlet.WriteWarning(message)));

    public void WriteProgress(string activity, string status, int percentComplete) => Post(new HostCall(() =>
    {
        _progressActivity = activity;
        _cmdlet.WriteProgress(new ProgressRecord(ProgressId, activity, string.IsNullOrEmpty(status) ? activity : status)
        {
            PercentComplete = Math.Clamp(percentComplete, 0, 100),
        });
    }));

    public bool ShouldProcess(string target, string action)
    {
        if (Environment.CurrentManagedThreadId == _pipelineThread)
        {
            return _cmdlet.ShouldProcess(target, action);
        }

        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = new HostCall(() => answer.TrySetResult(_cmdlet.ShouldProcess(target, action)), () => answer.TrySetResult(false));
        if (!Post(call))
        {
            return false;
        }

        return answer.Task.GetAwaiter().GetResult();
    }

    public void Dispose() => _queue.Dispose();

    private bool Post(HostCall call)
    {
        if (Environment.CurrentManagedThreadId == _pipelineThread)
        {
            call.Perform();
            return true;
        }

        try
        {
            return _queue.TryAdd(call);
        }
        catch (InvalidOperationException)
        {
            // The work already ended; nothing is listening any more.
            call.Abandon();
            return false;
        }
    }

    private void CompleteProgress()
    {
        if (_progressActivity is null)
        {
            return;
        }

        try
        {
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _progressActivity, "done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
            // Nothing to tidy on a stopped pipeline.
        }

        _progressActivity = null;
    }

    /// <summary>One host call: how to perform it on the pipeline thread, and how to answer it when it cannot be.</summary>
    private sealed class HostCall(Action perform, Action? abandon = null)
    {
        public void Perform()
        {
            try
            {
                perform();
            }
            catch
            {
                abandon?.Invoke();
                throw;
            }
        }

        public void Abandon() => abandon?.Invoke();
    }
}
