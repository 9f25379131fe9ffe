using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Monitoring;

public sealed class HistoryRetentionTests : IDisposable
{
    private static readonly TimeSpan[] SeedAges = [Days(60), Days(50), Days(40), Days(10), Days(5)];

    private readonly MonitoringSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static TimeSpan Days(int days) => TimeSpan.FromDays(days);

    private PublishResult PublishAs(string device, IAgentHost? host = null, int retentionDays = 30)
    {
        host ??= new RecordingHost();
        // Looked at on every publish, not once a day, so each test's publish trims.
        var publisher = new MonitoringPublisher(_sandbox.Home(device), new GitOpsAgent.Core.Git.GitClient(host: host), host) { TrimCheckInterval = TimeSpan.Zero };
        var config = _sandbox.Config(device, "web") with { MonitoringHistoryRetentionDays = retentionDays };
        return Assert.Single(publisher.Publish(config, MonitoringSandbox.Report(device, DateTimeOffset.UtcNow, MonitoringSandbox.Healthy("web", _sandbox.Source)), TestContext.Current.CancellationToken));
    }

    private string[] Roots() =>
        TestGit.Run(_sandbox.BarePath, "rev-list", "--max-parents=0", "refs/heads/" + _sandbox.Branch).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Commits_older_than_retention_are_squashed_into_one_base_and_newer_ones_keep_their_dates()
    {
        _sandbox.SeedBackDatedHistory("edge-02", SeedAges);
        var seededReport = _sandbox.RemoteFile("edge-02.toml");
        var keptDates = TestGit.Run(_sandbox.BarePath, "log", "-2", "--format=%ct %at %an %s", "refs/heads/" + _sandbox.Branch);

        var result = PublishAs("edge-01");

        Assert.True(result.Trimmed, result.Message);
        Assert.True(result.Pushed);
        Assert.Single(Roots());
        var subjects = _sandbox.RemoteLog();
        Assert.Equal(4, subjects.Count);
        Assert.Equal("✅ Status: all 1 apps healthy", subjects[0]);
        Assert.StartsWith("History before ", subjects[3], StringComparison.Ordinal);
        Assert.Contains("(3 commits)", subjects[3], StringComparison.Ordinal);
        Assert.Equal(keptDates, TestGit.Run(_sandbox.BarePath, "log", "-2", "--skip=1", "--format=%ct %at %an %s", "refs/heads/" + _sandbox.Branch));
        Assert.Equal(seededReport, _sandbox.RemoteFile("edge-02.toml"));
        Assert.Contains("seed-3", TestGit.Run(_sandbox.BarePath, "show", $"{Roots()[0]}:edge-02.toml"), StringComparison.Ordinal);

        // The base is now the only commit older than the window: the next publish does not rewrite again.
        var (publisher, _) = _sandbox.Publisher("edge-01");
        var again = Assert.Single(publisher.Publish(_sandbox.Config("edge-01", "web"), MonitoringSandbox.Report("edge-01", DateTimeOffset.UtcNow, MonitoringSandbox.Healthy("web", _sandbox.Source, "2222222222222222222222222222222222222222")), TestContext.Current.CancellationToken));
        Assert.False(again.Trimmed);
        Assert.Equal(5, _sandbox.RemoteLog().Count);
    }

    [Fact]
    public void A_trim_racing_another_devices_push_is_recomputed_and_loses_nothing()
    {
        _sandbox.SeedBackDatedHistory("edge-02", SeedAges);
        var seededReport = _sandbox.RemoteFile("edge-02.toml");
        var raced = false;
        var host = new HookedHost(line =>
        {
            if (!raced && line.StartsWith("git push", StringComparison.Ordinal) && line.Contains("--force-with-lease", StringComparison.Ordinal))
            {
                raced = true;
                // Another device, not trimming, pushes onto the old history between our computation and our push.
                Assert.True(PublishAs("edge-03", retentionDays: 0).Pushed);
            }
        });

        var result = PublishAs("edge-01", host);

        Assert.True(raced);
        Assert.True(result.Pushed, result.Message);
        Assert.True(result.Trimmed);
        Assert.Equal(1, result.PushRetries);
        Assert.Single(Roots());
        Assert.Equal(["README.md", "edge-01.toml", "edge-02.toml", "edge-03.toml"], _sandbox.RemoteFiles());
        Assert.Equal(seededReport, _sandbox.RemoteFile("edge-02.toml"));
        Assert.Contains(_sandbox.RemoteLog("%an"), author => author == "edge-03");
    }

    [Fact]
    public void A_remote_that_forbids_rewrites_keeps_its_history_and_still_gets_the_report()
    {
        _sandbox.SeedBackDatedHistory("edge-02", SeedAges);
        TestGit.Run(_sandbox.BarePath, "config", "receive.denyNonFastForwards", "true");
        var before = TestGit.Run(_sandbox.BarePath, "rev-list", "refs/heads/" + _sandbox.Branch);
        var host = new RecordingHost();

        var result = PublishAs("edge-01", host);

        Assert.True(result.Pushed, result.Message);
        Assert.False(result.Trimmed);
        Assert.Contains(host.Warnings, w => w.Contains("refused the trimmed history", StringComparison.Ordinal));
        Assert.Equal(before, TestGit.Run(_sandbox.BarePath, "rev-list", "refs/heads/" + _sandbox.Branch + "~1"));
        var clone = _sandbox.Home("edge-01").MonitoringClone(_sandbox.Source);
        Assert.Equal(_sandbox.RemoteTip(), TestGit.Run(clone, "rev-parse", "HEAD"));
    }
}
