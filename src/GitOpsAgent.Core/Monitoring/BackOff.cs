namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// Jittered exponential back-off between push attempts, so devices whose pushes collided do not collide again
/// in lock-step.
/// </summary>
internal sealed class BackOff(TimeSpan initial, TimeSpan cap)
{
    public static BackOff Default { get; } = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based): a random point in the upper half of the window.</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 16);
        var window = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), cap.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter only spreads retries in time; it needs no cryptographic strength.
        var jittered = (window / 2) + (Random.Shared.NextDouble() * window / 2);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(jittered);
    }

    public void Wait(int attempt, CancellationToken cancellationToken)
    {
        if (cancellationToken.WaitHandle.WaitOne(Delay(attempt)))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
