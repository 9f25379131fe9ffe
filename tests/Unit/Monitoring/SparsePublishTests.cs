using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Monitoring;

/// <summary>
/// What a publish downloads, asserted by the objects the device's monitoring clone holds: its own report, the tip's
/// trees, and the README only when its rows change; never another device's report (bench/, `bytes`, has the figures).
/// </summary>
public sealed class SparsePublishTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Devices = ["edge-01", "edge-02", "edge-03"];

    private readonly MonitoringSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private PublishResult Publish(string device, params AppOutcome[] apps) =>
        Assert.Single(_sandbox.Publisher(device).Publisher.Publish(_sandbox.Config(device, [.. apps.Select(app => app.Name)]), MonitoringSandbox.Report(device, Now, apps), TestContext.Current.CancellationToken));

    private static HashSet<string> MissingIn(string clone) =>
        [.. TestGit.Run(clone, "rev-list", "--objects", "--missing=print", "--no-object-names", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('?')).Select(line => line[1..])];

    private string RemoteBlob(string name) => TestGit.Run(_sandbox.BarePath, "rev-parse", $"refs/heads/{_sandbox.Branch}:{name}");

    [Fact]
    public void A_publish_never_downloads_another_devices_report()
    {
        Assert.True(Publish("edge-02", MonitoringSandbox.Healthy("web", _sandbox.Source)).Pushed);
        Assert.True(Publish("edge-03", MonitoringSandbox.Healthy("web", _sandbox.Source)).Pushed);

        Assert.True(Publish("edge-01", MonitoringSandbox.Healthy("web", _sandbox.Source)).Pushed);

        var clone = _sandbox.Home("edge-01").MonitoringClone(_sandbox.Source);
        var missing = MissingIn(clone);
        Assert.Contains(RemoteBlob("edge-02.toml"), missing);
        Assert.Contains(RemoteBlob("edge-03.toml"), missing);
        Assert.DoesNotContain(RemoteBlob("edge-01.toml"), missing);
        Assert.True(File.Exists(Path.Combine(clone, ".git", "shallow")));
        Assert.False(File.Exists(Path.Combine(clone, "edge-02.toml")));
        Assert.False(File.Exists(Path.Combine(clone, "edge-03.toml")));
        // The README still lists every device: the rows of the others came from the README, not from their reports.
        var readme = _sandbox.RemoteFile("README.md");
        foreach (var device in Devices)
        {
            Assert.Contains($"| {device} | web |", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_deployment_that_changes_nothing_the_readme_shows_leaves_the_readme_alone_and_undownloaded()
    {
        Assert.True(Publish("edge-01", MonitoringSandbox.Healthy("web", _sandbox.Source)).Pushed);
        Assert.True(Publish("edge-02", MonitoringSandbox.Healthy("web", _sandbox.Source)).Pushed);
        var readmeBefore = RemoteBlob("README.md");

        var deployed = MonitoringSandbox.Healthy("web", _sandbox.Source, "2222222222222222222222222222222222222222") with { Warnings = ["disk 91 % full"] };
        Assert.True(Publish("edge-01", deployed).Pushed);

        Assert.Equal(readmeBefore, RemoteBlob("README.md"));
        Assert.Contains("2222222222222222222222222222222222222222", _sandbox.RemoteFile("edge-01.toml"), StringComparison.Ordinal);
        Assert.Contains("disk 91 % full", _sandbox.RemoteFile("edge-01.toml"), StringComparison.Ordinal);
        Assert.Contains(readmeBefore, MissingIn(_sandbox.Home("edge-01").MonitoringClone(_sandbox.Source)));
    }

    [Fact]
    public void A_status_change_rewrites_only_the_devices_own_rows()
    {
        Assert.True(Publish("edge-01", MonitoringSandbox.Healthy("web", _sandbox.Source)).Pushed);
        Assert.True(Publish("edge-02", MonitoringSandbox.Healthy("web", _sandbox.Source, "2222222222222222222222222222222222222222")).Pushed);

        var failed = MonitoringSandbox.Healthy("web", _sandbox.Source) with { Status = StatusLabels.CommandFailed, Error = "post exited 1" };
        Assert.True(Publish("edge-01", failed).Pushed);

        var readme = _sandbox.RemoteFile("README.md");
        var rows = readme.Split('\n').Where(line => line.StartsWith("| edge-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith($"| edge-01 | web | {StatusLabels.CommandFailed} |", rows[0], StringComparison.Ordinal);
        Assert.Equal("| edge-02 | web | ✅ healthy |", rows[1]);
        Assert.Contains("1 with apps that need attention", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void A_readme_of_a_large_fleet_is_read_whole_and_keeps_every_devices_row()
    {
        // 2 500 devices' reports and README rows pushed at once, as a fleet would have built them: the README is larger than
        // the 64 KiB a hook's output is cut to.
        var work = _sandbox.Combine("fleet-work");
        TestGit.Run(null, "init", "--quiet", "--initial-branch", _sandbox.Branch, work);
        var report = "overall_status = \"✅ all 1 apps healthy\"\nlast-updated = 2026-12-01T00:00:00Z\n\n[web]\nstatus = \"✅ healthy\"\n";
        var reports = Enumerable.Range(2, 2500).Select(i => ($"edge-{i:D4}.toml", report)).ToList();
        foreach (var (name, text) in reports)
        {
            File.WriteAllText(Path.Combine(work, name), text);
        }

        File.WriteAllText(Path.Combine(work, FleetDashboard.FileName), FleetDashboard.Render(_sandbox.Branch, _sandbox.Source.ToString(), reports));
        Assert.True(new FileInfo(Path.Combine(work, FleetDashboard.FileName)).Length > 64 * 1024);
        TestGit.Run(work, "add", "--all");
        TestGit.Run(work, "-c", "user.name=fleet", "-c", "user.email=fleet@example.test", "commit", "--quiet", "-m", "fleet");
        TestGit.Run(work, "push", "--quiet", _sandbox.Url, $"HEAD:refs/heads/{_sandbox.Branch}");

        Assert.True(Publish("edge-0001", MonitoringSandbox.Healthy("web", _sandbox.Source)).Pushed);

        var rows = _sandbox.RemoteFile("README.md").Split('\n').Count(line => line.StartsWith("| edge-", StringComparison.Ordinal));
        Assert.Equal(2501, rows);
        Assert.Contains(RemoteBlob("edge-0002.toml"), MissingIn(_sandbox.Home("edge-0001").MonitoringClone(_sandbox.Source)));
    }
}
