using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Tests.Unit.Lifecycle;

namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>The note a killed pass leaves with its lock: the next real pass reports the takeover, a dry run keeps the note.</summary>
public sealed class InterruptedPassTests : IDisposable
{
    private readonly LifecycleSandbox _s = new();

    public void Dispose() => _s.Dispose();

    [Fact]
    public void A_dry_run_keeps_the_interrupted_pass_note_and_the_next_real_pass_reports_the_takeover()
    {
        _s.DeployHealthyV1();
        var note = Path.Combine(_s.Device.Home, "agent.lock.owner");
        File.WriteAllText(note, "pid 999999 on edge-01 since 2026-12-03T10:00:00Z\n");

        var engine = new ReconcileEngine(_s.Device.Paths, new Support.RecordingHost());
        var dry = engine.RunPass(_s.Device.LoadConfig(), new ReconcileOptions { DryRun = true }, TestContext.Current.CancellationToken);

        Assert.True(dry.PreviousPassInterrupted);
        Assert.True(File.Exists(note), "a dry run consumed the note of the interrupted pass");

        var real = engine.RunPass(_s.Device.LoadConfig(), null, TestContext.Current.CancellationToken);

        Assert.True(real.PreviousPassInterrupted);
        Assert.Contains(real.Warnings, w => w.Contains("pid 999999", StringComparison.Ordinal) && w.Contains("was interrupted", StringComparison.Ordinal));
        Assert.False(File.Exists(note));
        Assert.False(engine.RunPass(_s.Device.LoadConfig(), null, TestContext.Current.CancellationToken).PreviousPassInterrupted);
    }
}
