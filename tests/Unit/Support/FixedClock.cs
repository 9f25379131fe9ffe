namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>A clock that always says the same time, for names derived from timestamps.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
