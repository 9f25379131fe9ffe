using GitOpsAgent.Core.Scheduling;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>The loop's timing: interval ± 10% jitter, doubled per unreachable pass, capped at 8 intervals or 1 h.</summary>
public sealed class PollScheduleTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(0.0, 270)]
    [InlineData(0.5, 300)]
    [InlineData(0.9999, 330)]
    public void Jitter_moves_the_interval_by_at_most_ten_percent(double random, double expectedSeconds)
    {
        var schedule = new PollSchedule(() => random);
        Assert.Equal(expectedSeconds, schedule.NextDelay(FiveMinutes).TotalSeconds, 0.1);
    }

    [Fact]
    public void Unreachable_passes_double_the_wait_up_to_eight_intervals_and_recovery_resets_it()
    {
        var schedule = new PollSchedule(() => 0.5);
        var waits = new List<double>();
        for (var pass = 0; pass < 5; pass++)
        {
            schedule.RecordPass(remoteReachable: false);
            waits.Add(schedule.NextDelay(FiveMinutes).TotalSeconds);
        }

        Assert.Equal([600, 1200, 2400, 2400, 2400], waits);
        schedule.RecordPass(remoteReachable: true);
        Assert.Equal(300, schedule.NextDelay(FiveMinutes).TotalSeconds);
    }

    [Fact]
    public void The_back_off_never_exceeds_an_hour_unless_the_interval_itself_is_longer()
    {
        var schedule = new PollSchedule(() => 0.5);
        for (var pass = 0; pass < 40; pass++)
        {
            schedule.RecordPass(remoteReachable: false);
        }

        Assert.Equal(3600, schedule.BaseDelay(TimeSpan.FromMinutes(20)).TotalSeconds);
        Assert.Equal(7200, schedule.BaseDelay(TimeSpan.FromHours(2)).TotalSeconds);
    }
}
