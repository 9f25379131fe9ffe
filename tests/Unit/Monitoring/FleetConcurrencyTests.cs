using System.Globalization;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Tests.Unit.Support;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Monitoring;

public sealed class FleetConcurrencyTests : IDisposable
{
    private const int Devices = 10;

    private readonly MonitoringSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static string Device(int index) => $"edge-{index:00}";

    /// <summary>Gives the device a home with a saved pass and an agent config file; returns the config path.</summary>
    private string PrepareDevice(string device, string commit, bool healthy)
    {
        var home = _sandbox.Home(device);
        var app = MonitoringSandbox.Healthy("web", _sandbox.Source, commit);
        LastPassStore.Save(home, MonitoringSandbox.Report(device, DateTimeOffset.UtcNow, healthy ? app : app with { Status = StatusLabels.CommandFailed }));
        var configPath = _sandbox.Combine("etc", device + ".toml");
        Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
        File.WriteAllText(configPath, $"infra_name = \"{device}\"\ninterval = 60\n\n[applications]\nweb = \"{_sandbox.Source}\"\n");
        return configPath;
    }

    /// <summary>Every device publishes at the same moment, each as its own gitops-agent process; returns the push retries seen.</summary>
    private int PublishAllAtOnce(Func<int, string> commit, Func<int, bool> healthy)
    {
        var configs = Enumerable.Range(1, Devices).Select(i => PrepareDevice(Device(i), commit(i), healthy(i))).ToList();
        var processes = configs.Select((config, i) => CliProcess.Start(["publish", "--config", config, "--home", _sandbox.Home(Device(i + 1)).Home, "--verbose"])).ToList();
        foreach (var process in processes)
        {
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "a publishing device did not finish in time");
        }

        var outcomes = processes.Select(p => (p.ExitCode, Output: p.Stdout, Error: p.Stderr)).ToList();
        foreach (var process in processes)
        {
            process.Dispose();
        }

        for (var i = 0; i < outcomes.Count; i++)
        {
            Assert.True(outcomes[i].ExitCode == 0, $"{Device(i + 1)} exited {outcomes[i].ExitCode}: {outcomes[i].Output}{outcomes[i].Error}");
        }

        return outcomes.Sum(o => o.Error.Split('\n').Count(line => line.Contains("another device pushed first", StringComparison.Ordinal)));
    }

    private static string Commit(int i) => i.ToString("x", CultureInfo.InvariantCulture).PadLeft(40, '0');

    [Fact]
    public void Ten_devices_publishing_at_once_all_land_with_their_latest_report_and_the_readme_lists_them()
    {
        // Every device already has a report on the branch (published one after the other), so the concurrent round replaces them.
        for (var i = 1; i <= Devices; i++)
        {
            var (publisher, _) = _sandbox.Publisher(Device(i));
            publisher.Publish(_sandbox.Config(Device(i), "web"), MonitoringSandbox.Report(Device(i), DateTimeOffset.UtcNow, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken);
        }

        var retries = PublishAllAtOnce(Commit, i => i != 3);

        var files = _sandbox.RemoteFiles();
        Assert.True(files.Count == Devices + 1, $"{files.Count - 1} of {Devices} reports landed after {retries} push retries");
        for (var i = 1; i <= Devices; i++)
        {
            var report = TomlParser.Parse(_sandbox.RemoteFile(Device(i) + ".toml"));
            Assert.Equal(Commit(i), report.GetTable("web").GetString("actual-commit"));
        }

        Assert.Equal(2 * Devices, _sandbox.RemoteLog().Count);
        var authors = _sandbox.RemoteLog("%an");
        Assert.All(Enumerable.Range(1, Devices), i => Assert.Equal(2, authors.Count(author => author == Device(i))));

        var readme = _sandbox.RemoteFile("README.md");
        var rows = readme.Split('\n').Where(line => line.StartsWith("| edge-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Devices, rows.Count);
        Assert.StartsWith("| edge-03 | web | ❌ post-command exited non-zero |", rows[0], StringComparison.Ordinal);
        Assert.Contains("1 with apps that need attention", readme, StringComparison.Ordinal);
    }
}
