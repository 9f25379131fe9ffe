namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// on_failure = "retry": after the n-th failed attempt the app sits out 2^(n-1) passes (1, 2, 4 …), and never longer
/// than an hour, so a bad release is never tried at every pass and a fixed environment is noticed within the hour.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    public static int PassesToWait(int attempts) => 1 << Math.Clamp(attempts - 1, 0, 20);

    public static bool Due(int attempts, int passesWaited, DateTimeOffset lastAttemptAt, DateTimeOffset now) =>
        passesWaited >= PassesToWait(attempts) || now - lastAttemptAt >= Cap;
}
