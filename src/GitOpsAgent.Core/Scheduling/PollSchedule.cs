namespace GitOpsAgent.Core.Scheduling;

/// <summary>
/// When the agent's loop polls next. The configured interval gets up to 10% random jitter either way, so a fleet
/// started together spreads out instead of hitting the git host in lock-step. Each consecutive pass that could not
/// reach a config repo doubles the wait, capped at 8 intervals and at one hour (never below one interval), so an
/// outage is not hammered and the device still notices the recovery within the hour.
/// </summary>
public sealed class PollSchedule
{
    public const double JitterFraction = 0.1;
    public const int MaxBackOffFactor = 8;

    private readonly Func<double> _random;

    /// <param name="random">A source of numbers in [0, 1); tests pass a fixed one.</param>
    public PollSchedule(Func<double>? random = null)
    {
#pragma warning disable CA5394 // Jitter only spreads polls in time; it needs no cryptographic strength.
        _random = random ?? Random.Shared.NextDouble;
#pragma warning restore CA5394
    }

    public static TimeSpan MaxBackOff { get; } = TimeSpan.FromHours(1);

    /// <summary>Consecutive passes that found a config repo unreachable.</summary>
    public int UnreachableStreak { get; private set; }

    public void RecordPass(bool remoteReachable) => UnreachableStreak = remoteReachable ? 0 : UnreachableStreak + 1;

    /// <summary>The wait before the next pass, without jitter.</summary>
    public TimeSpan BaseDelay(TimeSpan interval)
    {
        if (UnreachableStreak == 0)
        {
            return interval;
        }

        var seconds = interval.TotalSeconds;
        var cap = Math.Max(seconds, Math.Min(seconds * MaxBackOffFactor, MaxBackOff.TotalSeconds));
        return TimeSpan.FromSeconds(Math.Min(seconds * Math.Pow(2, Math.Min(UnreachableStreak, 30)), cap));
    }

    /// <summary>The wait before the next pass: <see cref="BaseDelay"/> moved by up to ±10%.</summary>
    public TimeSpan NextDelay(TimeSpan interval)
    {
        var jitter = ((_random() * 2) - 1) * JitterFraction;
        return TimeSpan.FromSeconds(BaseDelay(interval).TotalSeconds * (1 + jitter));
    }
}
