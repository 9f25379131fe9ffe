using System.Runtime.ExceptionServices;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Observes apps a few at a time on threads of its own, which mostly wait for their git processes. Parallel.For did the
/// same, but it loads the task library's parallel assembly and event source in every process that runs a pass, a cost
/// the ReadyToRun build pays at each start (bench/RESULTS.md, issue 19). The first failure stops the others from
/// taking more work and is thrown as it was; a cancelled pass ends as Parallel.For's did.
/// </summary>
internal static class ObserverThreads
{
    public static void For(int count, int parallelism, Action<int> observe, CancellationToken cancellationToken)
    {
        var next = -1;
        ExceptionDispatchInfo? failure = null;
        void Work()
        {
            int index;
            while (Volatile.Read(ref failure) is null && !cancellationToken.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    observe(index);
                }
#pragma warning disable CA1031 // Not swallowed: the first one is rethrown on the caller's thread once every worker has stopped.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                }
            }
        }

        var helpers = new Thread[Math.Max(0, Math.Min(parallelism, count) - 1)];
        for (var i = 0; i < helpers.Length; i++)
        {
            // The caller's execution context flows to each thread (redaction patterns are AsyncLocal).
            helpers[i] = new Thread(Work) { IsBackground = true, Name = "gitops-agent observer" };
            helpers[i].Start();
        }

        Work();
        foreach (var helper in helpers)
        {
            helper.Join();
        }

        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
