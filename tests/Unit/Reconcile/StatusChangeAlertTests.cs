using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>on_status_change_command runs once per change of an app's status, with what changed in its environment, and never per pass.</summary>
public sealed class StatusChangeAlertTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string AlertLog => Path.Combine(_sandbox.Root, "alerts.log");

    private string[] Alerts => File.Exists(AlertLog) ? File.ReadAllLines(AlertLog) : [];

    [Fact]
    public void An_alert_fires_once_per_change_and_not_on_quiet_passes()
    {
        var v1 = _sandbox.CreateApp("web");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1));
        var command = $"echo \\\"$GITOPS_DEVICE|$GITOPS_APP|$GITOPS_OLD_STATUS|$GITOPS_NEW_STATUS|$GITOPS_COMMIT|$GITOPS_ERROR\\\" >> {AlertLog}";
        _sandbox.WriteAgentConfig(["web"], $"on_status_change_command = \"{command}\"\n");

        _sandbox.Pass();
        _sandbox.Pass();
        _sandbox.Pass();
        Assert.Equal([$"edge-01|web||{StatusLabels.Healthy}|{v1}|"], Alerts);

        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2, post: "exit 5", extra: "on_failure = \"hold\"\n"));
        _sandbox.Pass();
        _sandbox.Pass();

        var alerts = Alerts;
        Assert.Equal(2, alerts.Length);
        Assert.StartsWith($"edge-01|web|{StatusLabels.Healthy}|{StatusLabels.CommandFailed}|{v2}|post_updation_command exited with 5", alerts[1], StringComparison.Ordinal);

        _sandbox.SetInfraMeta(_sandbox.Section("web", v2));
        _sandbox.Pass();
        Assert.Equal(3, Alerts.Length);
        Assert.Equal($"edge-01|web|{StatusLabels.CommandFailed}|{StatusLabels.Healthy}|{v2}|", Alerts[2]);
    }

    [Fact]
    public void A_failing_alert_command_is_a_warning_not_a_failed_pass()
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web")));
        _sandbox.WriteAgentConfig(["web"], "on_status_change_command = \"echo webhook down; exit 7\"\n");
        var host = new RecordingHost();

        var report = _sandbox.Pass(host: host);

        Assert.True(Assert.Single(report.Apps).Healthy);
        Assert.Contains(host.Warnings, w => w.Contains("on_status_change_command exited with 7: webhook down", StringComparison.Ordinal));
    }
}
