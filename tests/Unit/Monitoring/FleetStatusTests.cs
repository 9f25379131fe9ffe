using System.Text.Json;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Monitoring;

public sealed class FleetStatusTests : IDisposable
{
    private readonly MonitoringSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private void Publish(string device, DateTimeOffset at, int interval, params AppOutcome[] apps)
    {
        var (publisher, _) = _sandbox.Publisher(device);
        var config = _sandbox.Config(device, [.. apps.Select(a => a.Name)]) with { Interval = interval };
        var result = Assert.Single(publisher.Publish(config, MonitoringSandbox.Report(device, at, apps), TestContext.Current.CancellationToken));
        Assert.True(result.Pushed, result.Message);
    }

    private IReadOnlyList<FleetRow> ReadFleet(string reader, DateTimeOffset now, RecordingHost? host = null)
    {
        host ??= new RecordingHost();
        return new FleetStatusReader(_sandbox.Home(reader), new GitClient(host: host), host).Read(_sandbox.Config(reader, "web"), now, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Fleet_view_has_one_row_per_device_and_app_worst_first_and_marks_stale_devices()
    {
        var now = DateTimeOffset.UtcNow;
        Publish("edge-01", now.AddMinutes(-1), 60, MonitoringSandbox.Healthy("web", _sandbox.Source, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        Publish("edge-02", now.AddMinutes(-2), 60, MonitoringSandbox.Healthy("web", _sandbox.Source) with { Status = StatusLabels.AppUpdateFailed }, MonitoringSandbox.Healthy("api", _sandbox.Source));
        // Quiet for four of its own (long) intervals: stale. edge-01's one-minute interval would not judge it.
        Publish("edge-03", now.AddHours(-4), 3600, MonitoringSandbox.Healthy("web", _sandbox.Source));
        // Quiet for two hours, but its interval is one hour: not stale yet.
        Publish("edge-04", now.AddHours(-2), 3600, MonitoringSandbox.Healthy("web", _sandbox.Source));

        var rows = ReadFleet("edge-01", now);

        Assert.Equal(
            ["edge-02/web", "edge-03/web", "edge-01/web", "edge-02/api", "edge-04/web"],
            rows.Select(r => $"{r.Device}/{r.App}"));
        Assert.Equal(StatusLabels.AppUpdateFailed, rows[0].Status);
        Assert.Equal([false, true, false, false, false], rows.Select(r => r.Stale));
        var edge01 = rows.Single(r => r.Device == "edge-01");
        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", edge01.Commit);
        Assert.Equal(60, edge01.IntervalSeconds);
        Assert.Equal(_sandbox.Source.ToString(), edge01.Source);

        var table = FleetTableFormatter.Format(rows);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("DEVICE", lines[0], StringComparison.Ordinal);
        Assert.Contains("⏳ stale", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("stale", lines[3], StringComparison.Ordinal);
        Assert.Contains("aaaaaaaaaaaa ", lines[3], StringComparison.Ordinal);
        // Columns line up in a terminal: the commit column starts at the same display column on every row.
        var commitColumn = lines.Skip(1).Select(l => l.IndexOf("1111111111", StringComparison.Ordinal) is var at and >= 0 ? DisplayColumn(l, at) : -1).Where(c => c >= 0).Distinct().ToList();
        Assert.Single(commitColumn);

        using var json = JsonDocument.Parse(FleetJson.Serialize(rows));
        var first = json.RootElement[0];
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.Equal(5, json.RootElement.GetArrayLength());
        Assert.Equal("edge-02", first.GetProperty("device").GetString());
        Assert.Equal("web", first.GetProperty("app").GetString());
        Assert.Equal(StatusLabels.AppUpdateFailed, first.GetProperty("status").GetString());
        Assert.False(first.GetProperty("healthy").GetBoolean());
        Assert.True(json.RootElement[1].GetProperty("stale").GetBoolean());
        Assert.Equal(JsonValueKind.String, first.GetProperty("lastUpdated").ValueKind);
    }

    [Fact]
    public void An_unreadable_device_report_is_one_unknown_row_and_does_not_hide_the_others()
    {
        var now = DateTimeOffset.UtcNow;
        Publish("edge-01", now, 60, MonitoringSandbox.Healthy("web", _sandbox.Source));
        var work = _sandbox.Combine("vandal");
        TestGit.Run(null, "clone", "--quiet", "--branch", _sandbox.Branch, _sandbox.Url, work);
        File.WriteAllText(Path.Combine(work, "edge-09.toml"), "this is = = not toml\n");
        TestGit.Run(work, "add", "--all");
        TestGit.Run(work, "commit", "--quiet", "-m", "broken");
        TestGit.Run(work, "push", "--quiet", "origin", "HEAD:" + _sandbox.Branch);

        var rows = ReadFleet("edge-01", now);

        Assert.Equal(2, rows.Count);
        Assert.Equal("edge-09", rows[0].Device);
        Assert.Equal(StatusLabels.Unknown, rows[0].Status);
        Assert.NotNull(rows[0].Error);
        Assert.Equal(StatusLabels.Healthy, rows[1].Status);
    }

    [Fact]
    public void Without_network_the_fleet_view_shows_the_last_fetched_state_and_says_so()
    {
        var now = DateTimeOffset.UtcNow;
        Publish("edge-01", now, 60, MonitoringSandbox.Healthy("web", _sandbox.Source));
        Assert.Single(ReadFleet("edge-02", now));
        Directory.Move(_sandbox.BarePath, _sandbox.BarePath + ".away");
        var host = new RecordingHost();

        var rows = ReadFleet("edge-02", now, host);

        Assert.Single(rows);
        Assert.Contains(host.Warnings, w => w.Contains("as last fetched", StringComparison.Ordinal));
        Directory.Move(_sandbox.BarePath + ".away", _sandbox.BarePath);
    }

    [Fact]
    public void Empty_fleet_says_so()
    {
        var host = new RecordingHost();
        Assert.Empty(ReadFleet("edge-01", DateTimeOffset.UtcNow, host));
        Assert.Contains(host.Warnings, w => w.Contains("does not exist yet", StringComparison.Ordinal));
        Assert.Contains("No device", FleetTableFormatter.Format([]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_heartbeat_extends_how_long_a_quiet_device_counts_as_live()
    {
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        static string Report(string updated, string extra) => $"overall_status = \"✅ all 1 apps healthy\"\nlast-updated = {updated}\ninterval = 60\n{extra}\n[web]\nstatus = \"✅ healthy\"\n";

        var rows = FleetRows.From("repo@main", [
            ("quiet.toml", Report("2026-11-22T11:30:00Z", "heartbeat = 3600")),
            ("gone.toml", Report("2026-11-22T10:00:00Z", "heartbeat = 3600")),
            ("plain.toml", Report("2026-11-22T11:30:00Z", string.Empty)),
        ], now, 300);

        Assert.False(rows.Single(r => r.Device == "quiet").Stale);
        Assert.True(rows.Single(r => r.Device == "gone").Stale);
        Assert.True(rows.Single(r => r.Device == "plain").Stale);
    }

    private static int DisplayColumn(string line, int index) =>
        line[..index].EnumerateRunes().Sum(r => r.Value is 0xFE0F ? 0 : r.Value >= 0x2300 ? 2 : 1);
}
