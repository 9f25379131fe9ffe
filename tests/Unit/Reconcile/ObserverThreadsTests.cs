using System.Collections.Concurrent;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>The threads that observe apps a few at a time: each app once, the caller's context, failures and cancellation as they were.</summary>
public sealed class ObserverThreadsTests
{
    private static readonly AsyncLocal<string?> Context = new();

    [Fact]
    public void Every_app_is_observed_once_on_at_most_the_given_number_of_threads_with_the_callers_context()
    {
        var seen = new ConcurrentDictionary<int, string?>();
        var threads = new ConcurrentDictionary<int, bool>();
        Context.Value = "pass 7";

        ObserverThreads.For(50, 4, i =>
        {
            threads.TryAdd(Environment.CurrentManagedThreadId, true);
            Assert.True(seen.TryAdd(i, Context.Value), $"app {i} observed twice");
            Thread.Sleep(2);
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 50), seen.Keys.Order());
        Assert.All(seen.Values, value => Assert.Equal("pass 7", value));
        Assert.InRange(threads.Count, 1, 4);
    }

    [Fact]
    public void The_first_failure_is_thrown_as_it_was_and_no_more_apps_are_started()
    {
        var started = 0;

        var error = Assert.Throws<InvalidDataException>(() => ObserverThreads.For(1000, 4, i =>
        {
            Interlocked.Increment(ref started);
            if (i == 3)
            {
                throw new InvalidDataException("app 3 is broken");
            }

            Thread.Sleep(5);
        }, CancellationToken.None));

        Assert.Equal("app 3 is broken", error.Message);
        Assert.InRange(Volatile.Read(ref started), 4, 20);
    }

    [Fact]
    public void A_cancelled_pass_ends_with_OperationCanceledException_after_the_apps_under_way()
    {
        using var stop = new CancellationTokenSource();
        var finished = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => ObserverThreads.For(1000, 3, i =>
        {
            if (i == 5)
            {
                stop.Cancel();
            }

            Thread.Sleep(2);
            Interlocked.Increment(ref finished);
        }, stop.Token));

        Assert.InRange(Volatile.Read(ref finished), 6, 20);
    }

    [Fact]
    public void No_apps_need_no_threads()
    {
        var calls = 0;
        ObserverThreads.For(0, 4, _ => calls++, CancellationToken.None);
        Assert.Equal(0, calls);
    }
}
