using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Lifecycle;

public sealed class RemovalTests : IDisposable
{
    private readonly LifecycleSandbox _s = new();

    public void Dispose() => _s.Dispose();

    private string RemovalLog => Path.Combine(_s.Device.Root, "removal.log");

    private void DeployWebAndApi(string webExtra)
    {
        _s.DeployHealthyV1(webExtra);
        var api = _s.Device.CreateApp("api");
        var meta = File.ReadAllText(Path.Combine(_s.Device.ConfigWork, _s.Device.InfraName, "infra_meta.toml"));
        _s.Device.SetInfraMeta(meta + _s.Device.Section("api", api));
        _s.Device.WriteAgentConfig(["web", "api"]);
        Assert.All(Pass().Apps, app => Assert.True(app.Healthy, app.Error));
    }

    private PassReport Pass() => _s.Device.Pass();

    private void RemoveWebFromInfraMeta() => _s.Device.SetInfraMeta(_s.Device.Section("api", TestGit.Run(_s.Device.AppPath("api"), "rev-parse", "HEAD")));

    [Fact]
    public void By_default_a_removed_app_is_said_once_and_everything_stays_on_disk()
    {
        DeployWebAndApi(string.Empty);
        RemoveWebFromInfraMeta();

        var web = Pass().Apps.Single(app => app.Name == "web");

        Assert.Equal(StatusLabels.Removed, web.Status);
        Assert.False(web.NeedsAttention);
        Assert.True(web.Removed);
        Assert.Contains("on_removal = \"keep\"", Assert.Single(web.Actions), StringComparison.Ordinal);
        Assert.True(Directory.Exists(_s.Device.AppPath("web")));
        Assert.Equal("MODE=one\n", File.ReadAllText(_s.ConfigDestination));
        var again = Pass().Apps.Single(app => app.Name == "web");
        Assert.Equal(StatusLabels.Removed, again.Status);
        Assert.False(again.Changed);
        Assert.Empty(again.Actions);
    }

    [Fact]
    public void On_removal_remove_runs_the_command_retires_the_files_and_moves_the_checkout_with_its_local_change()
    {
        DeployWebAndApi($"on_removal = \"remove\"\nremoval_command = \"echo removing $GITOPS_APP >> {RemovalLog}\"\n");
        File.AppendAllText(Path.Combine(_s.Device.AppPath("web"), "app.txt"), "hand-edited on the device\n");
        RemoveWebFromInfraMeta();

        var report = Pass();
        var web = report.Apps.Single(app => app.Name == "web");

        Assert.Equal(StatusLabels.Removed, web.Status);
        Assert.True(web.Changed);
        Assert.Equal(["removing web"], File.ReadAllLines(RemovalLog));
        Assert.False(File.Exists(_s.ConfigDestination));
        Assert.Equal("MODE=one\n", File.ReadAllText(Assert.Single(web.ConfigBackups)));
        Assert.False(Directory.Exists(_s.Device.AppPath("web")));
        Assert.NotNull(web.RemovedTo);
        Assert.StartsWith(Path.Combine(_s.Device.Home, "removed", "web"), web.RemovedTo, StringComparison.Ordinal);
        Assert.Contains("hand-edited on the device", File.ReadAllText(Path.Combine(web.RemovedTo!, "app.txt")), StringComparison.Ordinal);
        Assert.True(report.Apps.Single(app => app.Name == "api").Healthy);

        Assert.Equal(StatusLabels.Removed, Pass().Apps.Single(app => app.Name == "web").Status);
        Assert.Single(File.ReadAllLines(RemovalLog));
    }

    [Fact]
    public void A_failing_removal_command_moves_nothing_and_is_tried_again_later()
    {
        var marker = Path.Combine(_s.Device.Root, "may-remove");
        DeployWebAndApi($"on_removal = \"remove\"\nremoval_command = \"echo try >> {RemovalLog}; test -f {marker}\"\n");
        RemoveWebFromInfraMeta();

        var failed = Pass().Apps.Single(app => app.Name == "web");
        Assert.Equal(StatusLabels.RemovalFailed, failed.Status);
        Assert.True(failed.NeedsAttention);
        Assert.True(Directory.Exists(_s.Device.AppPath("web")));
        Assert.True(File.Exists(_s.ConfigDestination));

        Pass();
        Assert.Single(File.ReadAllLines(RemovalLog));
        File.WriteAllText(marker, string.Empty);
        var removed = Pass().Apps.Single(app => app.Name == "web");
        Assert.Equal(StatusLabels.Removed, removed.Status);
        Assert.Equal(2, File.ReadAllLines(RemovalLog).Length);
        Assert.False(Directory.Exists(_s.Device.AppPath("web")));
    }

    [Fact]
    public void An_app_dropped_from_the_agent_config_is_reported_removed_once_and_a_re_added_app_deploys_fresh()
    {
        DeployWebAndApi("on_removal = \"remove\"\n");
        _s.Device.WriteAgentConfig(["api"]);

        var first = Pass();
        var web = first.Apps.Single(app => app.Name == "web");
        Assert.Equal(StatusLabels.Removed, web.Status);
        Assert.False(Directory.Exists(_s.Device.AppPath("web")));
        Assert.DoesNotContain(Pass().Apps, app => app.Name == "web");

        _s.Device.WriteAgentConfig(["web", "api"]);
        var back = Pass().Apps.Single(app => app.Name == "web");
        Assert.True(back.Healthy, back.Error);
        Assert.Contains(DriftReason.NotCloned, back.Drift);
        Assert.True(Directory.Exists(_s.Device.AppPath("web")));
        Assert.Equal("MODE=one\n", File.ReadAllText(_s.ConfigDestination));
    }

    [Fact]
    public void A_config_repo_that_cannot_be_read_is_never_taken_for_a_removal()
    {
        DeployWebAndApi("on_removal = \"remove\"\n");
        _s.Device.SetInfraMeta("[api\nbroken = ");

        var web = Pass().Apps.Single(app => app.Name == "web");

        Assert.Equal(StatusLabels.ConfigUpdateFailed, web.Status);
        Assert.True(Directory.Exists(_s.Device.AppPath("web")));
    }

    [Fact]
    public void Removed_checkouts_older_than_the_retention_are_trimmed_and_newer_ones_kept()
    {
        DeployWebAndApi(string.Empty);
        var old = Path.Combine(_s.Device.Home, "removed", "gone", "20200101T000000Z");
        var recent = Path.Combine(_s.Device.Home, "removed", "gone", DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(old);
        Directory.CreateDirectory(recent);
        File.WriteAllText(Path.Combine(old, "app.txt"), "old\n");

        Pass();

        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(recent));
    }
}
