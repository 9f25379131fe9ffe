using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Lifecycle;

public sealed class RollbackTests : IDisposable
{
    private readonly LifecycleSandbox _s = new();

    public void Dispose() => _s.Dispose();

    [Fact]
    public void A_health_check_runs_after_the_post_command_and_is_reported()
    {
        _s.DeployHealthyV1();

        Assert.Equal(1, _s.PostRuns);
        Assert.Equal(1, _s.CheckRuns);
        var quiet = _s.Pass();
        Assert.True(quiet.Healthy);
        Assert.False(quiet.Changed);
        Assert.Equal(2, _s.CheckRuns);
        Assert.NotNull(quiet.HealthCheck);
        Assert.True(quiet.HealthCheck!.Passed);
    }

    [Fact]
    public void A_crashed_service_shows_as_health_check_failed_while_in_sync_with_the_checks_output()
    {
        _s.DeployHealthyV1();
        File.WriteAllText(Path.Combine(_s.Device.AppPath("web"), "crashed"), string.Empty);
        _s.Device.SetInfraMeta(_s.Device.Section(
            "web",
            _s.Head,
            post: _s.PostCommand,
            configFiles: [($"{_s.Device.InfraName}/web.env", _s.ConfigDestination)],
            extra: "health_check_command = \"echo 'connection refused on :8080'; test ! -f crashed\"\nhealth_check_interval = 0\n"));
        var checkChanged = _s.Pass();
        Assert.Equal(StatusLabels.HealthCheckFailed, checkChanged.Status);

        var crashed = _s.Pass();

        Assert.Equal(StatusLabels.HealthCheckFailed, crashed.Status);
        Assert.False(crashed.Changed);
        Assert.Equal(3, crashed.HealthCheck!.Tries);
        Assert.Contains("connection refused on :8080", crashed.HealthCheck.Output, StringComparison.Ordinal);
        Assert.Contains("connection refused on :8080", crashed.Error, StringComparison.Ordinal);
        Assert.True(crashed.NeedsAttention);
    }

    [Fact]
    public void A_release_that_fails_its_health_check_is_rolled_back_byte_for_byte_and_its_post_command_runs_once()
    {
        var v1 = _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
        _s.Declare(v2, "MODE=two\n");

        var web = _s.Pass();

        Assert.Equal(StatusLabels.RolledBack(v1, "health check failed"), web.Status);
        Assert.StartsWith("⏪ rolled back to ", web.Status, StringComparison.Ordinal);
        Assert.Equal(v1, _s.Head);
        Assert.Equal(v1, web.ActualCommit);
        Assert.Equal(v1, web.RolledBackTo);
        Assert.Equal(v2, web.FailedCommit);
        Assert.Equal("MODE=one\n", File.ReadAllText(_s.ConfigDestination));
        Assert.Equal([$"post {v1}", $"post {v2}", $"post {v1}"], _s.PostLines);
        Assert.True(web.NeedsAttention);
        Assert.Contains("--retry", web.Error, StringComparison.Ordinal);
        Assert.Contains(web.ConfigBackups, backup => File.ReadAllText(backup) == "MODE=two\n");
    }

    [Fact]
    public void A_failed_release_is_attempted_exactly_once_across_ten_passes_and_the_report_stays_the_same()
    {
        _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
        _s.Declare(v2, "MODE=two\n");
        var rolledBack = _s.Pass();
        var posts = _s.PostRuns;

        for (var i = 0; i < 10; i++)
        {
            var held = _s.Pass();
            Assert.Equal(rolledBack.Status, held.Status);
            Assert.Equal(rolledBack.Error, held.Error);
            Assert.True(held.HeldBack);
            Assert.False(held.Changed);
            Assert.Empty(held.Commands);
        }

        Assert.Equal(posts, _s.PostRuns);
        Assert.Equal(1, File.ReadAllLines(_s.CheckLog).Count(line => line.Contains("broken", StringComparison.Ordinal)));
    }

    [Fact]
    public void Retry_attempts_the_failed_state_again_and_a_fixed_release_in_git_is_attempted()
    {
        var v1 = _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
        _s.Declare(v2, "MODE=two\n");
        _s.Pass();
        var brokenChecks = BrokenChecks();

        var retried = _s.Pass(new ReconcileOptions { Retry = true });

        Assert.Equal(brokenChecks + 1, BrokenChecks());
        Assert.Equal(StatusLabels.RolledBack(v1, "health check failed"), retried.Status);
        Assert.Equal(2, retried.FailedAttempts);

        var v3 = _s.Device.CommitApp("web", "app.txt", "web v3 fixed\n");
        _s.Declare(v3, "MODE=three\n");
        var fixedRelease = _s.Pass();

        Assert.True(fixedRelease.Healthy, fixedRelease.Error);
        Assert.Equal(v3, _s.Head);
        Assert.Equal("MODE=three\n", File.ReadAllText(_s.ConfigDestination));
        Assert.Null(fixedRelease.FailedCommit);
    }

    [Fact]
    public void A_changed_config_file_alone_is_a_new_desired_state_and_is_attempted()
    {
        _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
        _s.Declare(v2, "MODE=two\n");
        _s.Pass();
        var checks = BrokenChecks();

        _s.Declare(v2, "MODE=two-and-a-half\n");
        _s.Pass();

        Assert.Equal(checks + 1, BrokenChecks());
    }

    [Fact]
    public void Before_the_first_healthy_state_a_failure_is_held_like_hold()
    {
        var v1 = _s.Device.CreateApp("web");
        _s.Device.CommitApp("web", "app.txt", "web v1 broken\n");
        var broken = TestGit.Run(Path.Combine(_s.Device.Work, "web"), "rev-parse", "HEAD");
        _s.Declare(broken, "MODE=one\n");
        _s.Device.WriteAgentConfig(["web"]);

        var first = _s.Pass();
        Assert.Equal(StatusLabels.HealthCheckFailed, first.Status);
        Assert.Contains("no earlier healthy state", first.Error, StringComparison.Ordinal);
        Assert.Equal(broken, _s.Head);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(StatusLabels.HealthCheckFailed, _s.Pass().Status);
        }

        Assert.Equal(1, _s.PostRuns);
        Assert.NotEqual(v1, broken);
    }

    [Fact]
    public void On_failure_hold_leaves_the_app_as_the_failure_left_it()
    {
        _s.DeployHealthyV1("on_failure = \"hold\"\n");
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
        _s.Declare(v2, "MODE=two\n", "on_failure = \"hold\"\n");

        var web = _s.Pass();
        Assert.Equal(StatusLabels.HealthCheckFailed, web.Status);
        Assert.Equal(v2, _s.Head);
        Assert.Equal("MODE=two\n", File.ReadAllText(_s.ConfigDestination));
        var posts = _s.PostRuns;
        _s.Pass();
        _s.Pass();
        Assert.Equal(posts, _s.PostRuns);
    }

    [Fact]
    public void On_failure_retry_backs_off_1_2_4_passes_never_every_pass()
    {
        _s.DeployHealthyV1("on_failure = \"retry\"\n");
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
        _s.Declare(v2, "MODE=two\n", "on_failure = \"retry\"\n");

        var attemptedAt = new List<int>();
        for (var pass = 1; pass <= 11; pass++)
        {
            var before = BrokenChecks();
            var web = _s.Pass();
            Assert.Equal(StatusLabels.HealthCheckFailed, web.Status);
            if (BrokenChecks() > before)
            {
                attemptedAt.Add(pass);
            }
        }

        Assert.Equal([1, 3, 6, 11], attemptedAt);
        Assert.Equal(v2, _s.Head);
    }

    [Fact]
    public void A_failing_post_command_rolls_back_too_and_a_failed_fetch_is_simply_retried()
    {
        var v1 = _s.DeployHealthyV1();
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Device.WriteConfigRepoFile(Path.Combine(_s.Device.InfraName, "web.env"), "MODE=two\n");
        _s.Device.SetInfraMeta(_s.Device.Section(
            "web",
            v2,
            post: $"echo \"post $GITOPS_COMMIT\" >> {_s.PostLog}; test \"$GITOPS_COMMIT\" != {v2}",
            configFiles: [($"{_s.Device.InfraName}/web.env", _s.ConfigDestination)]));

        var web = _s.Pass();

        Assert.Equal(StatusLabels.RolledBack(v1, "post command exited with 1"), web.Status);
        Assert.Equal(v1, _s.Head);
        Assert.Equal("MODE=one\n", File.ReadAllText(_s.ConfigDestination));

        var missing = new string('a', 40);
        _s.Declare(missing, "MODE=one\n");
        var unreachable = _s.Pass();
        Assert.Equal(StatusLabels.ConfigUpdateFailed, unreachable.Status);
        Assert.Null(unreachable.FailedCommit);
        Assert.Null(unreachable.FailedStep);
    }

    private int BrokenChecks() => File.Exists(_s.CheckLog) ? File.ReadAllLines(_s.CheckLog).Count(line => line.Contains("broken", StringComparison.Ordinal)) : 0;
}
