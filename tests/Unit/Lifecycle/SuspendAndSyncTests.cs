using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Lifecycle;

public sealed class SuspendAndSyncTests : IDisposable
{
    private readonly LifecycleSandbox _s = new();

    public void Dispose() => _s.Dispose();

    private AppSuspender Suspender => new(_s.Device.Paths);

    [Fact]
    public void A_suspended_app_is_observed_and_reported_but_not_changed_until_resumed()
    {
        var v1 = _s.DeployHealthyV1();
        var state = Suspender.Suspend(_s.Device.LoadConfig(), "web", "disk swap", until: null, DateTimeOffset.UtcNow);
        Assert.True(state.Suspended);
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n");
        var posts = _s.PostRuns;

        var suspended = _s.Pass();

        Assert.Equal("⏸ suspended: disk swap", suspended.Status);
        Assert.False(suspended.NeedsAttention);
        Assert.Contains(DriftReason.WrongCommit, suspended.Drift);
        Assert.Contains(DriftReason.ConfigFileDiffers, suspended.Drift);
        Assert.Equal(v1, _s.Head);
        Assert.Equal("MODE=one\n", File.ReadAllText(_s.ConfigDestination));
        Assert.Equal(posts, _s.PostRuns);
        Assert.Equal(AppSuspension.ByDevice, suspended.Suspension!.By);

        var resumed = Suspender.Resume(_s.Device.LoadConfig(), "web");
        Assert.False(resumed.Suspended);
        var applied = _s.Pass();
        Assert.True(applied.Healthy, applied.Error);
        Assert.Equal(v2, _s.Head);
    }

    [Fact]
    public void A_suspension_with_until_ends_by_itself()
    {
        _s.DeployHealthyV1();
        var now = DateTimeOffset.UtcNow;
        Suspender.Suspend(_s.Device.LoadConfig(), "web", "maintenance", now.AddHours(1), now);
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n");

        Assert.StartsWith(StatusLabels.SuspendedPrefix, _s.Pass(clock: new FixedClock(now.AddMinutes(30))).Status, StringComparison.Ordinal);
        var later = _s.Pass(clock: new FixedClock(now.AddHours(2)));

        Assert.True(later.Healthy, later.Error);
        Assert.Equal(v2, _s.Head);
        Assert.Null(Suspender.Current("web", now));
    }

    [Fact]
    public void Suspending_needs_a_known_app_a_reason_and_a_future_time()
    {
        _s.DeployHealthyV1();
        var config = _s.Device.LoadConfig();
        var now = DateTimeOffset.UtcNow;

        Assert.Throws<UnknownAppException>(() => Suspender.Suspend(config, "nope", "x", null, now));
        Assert.Contains("needs a reason", Assert.Throws<InvalidRequestException>(() => Suspender.Suspend(config, "web", " ", null, now)).Message, StringComparison.Ordinal);
        Assert.Contains("not in the future", Assert.Throws<InvalidRequestException>(() => Suspender.Suspend(config, "web", "x", now.AddMinutes(-1), now)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Suspended_in_git_applies_to_the_device_and_resume_there_says_only_git_can_lift_it()
    {
        var v1 = _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n", "suspended = true\nsuspend_reason = \"database migration window\"\n");

        var web = _s.Pass();

        Assert.Equal("⏸ suspended: database migration window", web.Status);
        Assert.Equal(AppSuspension.ByGit, web.Suspension!.By);
        Assert.Equal(v1, _s.Head);
        var resume = Suspender.Resume(_s.Device.LoadConfig(), "web");
        Assert.True(resume.Suspended);
        Assert.Contains("still suspended in git", resume.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manual_app_reports_drift_and_changes_only_on_sync()
    {
        var v1 = _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n", "sync = \"manual\"\n");

        for (var i = 0; i < 3; i++)
        {
            var waiting = _s.Pass();
            Assert.Equal(StatusLabels.OutOfSyncManual, waiting.Status);
            Assert.False(waiting.NeedsAttention);
            Assert.Contains(DriftReason.WrongCommit, waiting.Drift);
            Assert.Equal(v1, _s.Head);
        }

        var synced = _s.Pass(new ReconcileOptions { Apps = ["web"], Sync = true });

        Assert.True(synced.Healthy, synced.Error);
        Assert.Equal(v2, _s.Head);
        Assert.Equal("MODE=two\n", File.ReadAllText(_s.ConfigDestination));
        Assert.True(_s.Pass().Healthy);
    }

    [Fact]
    public void A_manual_app_is_not_even_deployed_first_until_synced()
    {
        var v1 = _s.Device.CreateApp("web");
        _s.Declare(v1, "MODE=one\n", "sync = \"manual\"\n");
        _s.Device.WriteAgentConfig(["web"]);

        var waiting = _s.Pass();

        Assert.Equal(StatusLabels.OutOfSyncManual, waiting.Status);
        Assert.Contains(DriftReason.NotCloned, waiting.Drift);
        Assert.False(Directory.Exists(_s.Device.AppPath("web")));
        Assert.True(_s.Pass(new ReconcileOptions { Sync = true }).Healthy);
        Assert.Equal(v1, _s.Head);
    }

    [Fact]
    public void A_dry_run_shows_held_suspended_and_manual_states_without_running_anything()
    {
        _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n", "sync = \"manual\"\n");
        var checks = _s.CheckRuns;

        var dry = _s.Pass(new ReconcileOptions { DryRun = true });

        Assert.Equal(StatusLabels.OutOfSyncManual, dry.Status);
        Assert.Equal(checks, _s.CheckRuns);
    }
}
