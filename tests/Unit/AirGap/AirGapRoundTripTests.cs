using GitOpsAgent.Core.AirGap;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Tests.Unit.Monitoring;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.AirGap;

/// <summary>
/// The air-gapped round trip on real repos: a bundle made on the connected side deploys on a device that can reach
/// nothing, an incremental one carries only what is new, bad or foreign bundles change nothing, and the device's queued
/// reports land on the monitoring branch through export-reports and import-reports.
/// </summary>
public sealed class AirGapRoundTripTests : IDisposable
{
    private readonly AirGapSandbox _s = new();

    public void Dispose() => _s.Dispose();

    [Fact]
    public void A_full_bundle_deploys_the_pinned_commit_and_config_files_on_a_device_that_reaches_nothing()
    {
        var v1 = _s.CommitApp("web v1\n");
        _s.Declare(v1, "MODE=one\n");
        _s.WriteAgentConfig();
        var unreachable = _s.PlainPass();
        Assert.Contains("unreachable", unreachable.Apps[0].Error, StringComparison.Ordinal);

        var bundle = _s.Bundle("edge-01.bundle", full: true);
        Assert.Empty(bundle.Prerequisites);
        Assert.True(bundle.Manifest.ConfigIncluded);
        Assert.Equal(v1, Assert.Single(bundle.Manifest.Apps).Commit);

        var imported = _s.Import(_s.Carry(bundle.Path));

        Assert.Equal(v1, _s.DeployedCommit());
        Assert.Equal("MODE=one\n", File.ReadAllText(_s.EnvFile));
        Assert.Equal("✅ healthy", imported.Pass!.Apps[0].Status);
        Assert.Equal(_s.DeviceConfigUrl + "@main", imported.ConfigRepo);
        // The clones keep the device's own URLs and nothing of the import folder.
        Assert.Equal(_s.CodeUrl, TestGit.Run(_s.AppPath, "config", "remote.origin.url"));
        Assert.False(File.Exists(Path.Combine(_s.AppPath, ".git", "objects", "info", "alternates")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_s.Paths.Imports));
        Assert.True(Assert.Single(imported.Published).PendingOffline);
    }

    [Fact]
    public void An_incremental_bundle_after_a_pin_change_holds_only_what_is_new_and_deploys()
    {
        var v1 = _s.CommitApp("web v1\n");
        _s.Declare(v1, "MODE=one\n");
        _s.WriteAgentConfig();
        _s.Import(_s.Carry(_s.Bundle("first.bundle", full: true).Path));
        LandReports();
        var before = TestGit.Run(_s.Bare("deploy-config"), "rev-parse", "main");

        var v2 = _s.CommitApp("web v2\n");
        _s.Declare(v2, "MODE=two\n");
        var incremental = _s.Bundle("second.bundle");
        var full = _s.Bundle("second-full.bundle", full: true);

        Assert.Equal(before, incremental.Manifest.ConfigBase);
        Assert.Equal(v1, incremental.Manifest.Apps[0].Base);
        Assert.Equal(new[] { before, v1 }.Order(StringComparer.Ordinal), incremental.Prerequisites.Order(StringComparer.Ordinal));
        Assert.True(incremental.Bytes < full.Bytes, $"incremental {incremental.Bytes} B, full {full.Bytes} B");
        // Only the new commits: the app's v1 blob is not in it.
        var v1Blob = TestGit.Run(_s.AppWork, "rev-parse", v1 + ":app.txt");
        Assert.False(BundleHoldsObject(incremental.Path, v1Blob));
        Assert.True(BundleHoldsObject(full.Path, v1Blob));

        _s.Import(_s.Carry(incremental.Path));

        Assert.Equal(v2, _s.DeployedCommit());
        Assert.Equal("MODE=two\n", File.ReadAllText(_s.EnvFile));
    }

    [Fact]
    public void A_truncated_or_tampered_bundle_is_refused_and_changes_nothing()
    {
        var v1 = _s.CommitApp("web v1\n");
        _s.Declare(v1, "MODE=one\n");
        _s.WriteAgentConfig();
        var bundle = _s.Carry(_s.Bundle("edge-01.bundle", full: true).Path);
        var bytes = File.ReadAllBytes(bundle);

        var truncated = bundle + ".truncated";
        File.WriteAllBytes(truncated, bytes[..^200]);
        var cut = Assert.Throws<AirGapException>(() => _s.Import(truncated));
        Assert.Contains(truncated, cut.Message, StringComparison.Ordinal);
        Assert.Contains("damaged or incomplete", cut.Message, StringComparison.Ordinal);

        var tampered = bundle + ".tampered";
        var altered = (byte[])bytes.Clone();
        altered[^30] ^= 0x5a;
        File.WriteAllBytes(tampered, altered);
        var changed = Assert.Throws<AirGapException>(() => _s.Import(tampered));
        Assert.Contains("damaged or incomplete", changed.Message, StringComparison.Ordinal);

        var notABundle = bundle + ".txt";
        File.WriteAllText(notABundle, "hello\n");
        Assert.Contains("is not a git bundle", Assert.Throws<AirGapException>(() => _s.Import(notABundle)).Message, StringComparison.Ordinal);

        Assert.Null(_s.DeployedCommit());
        Assert.False(File.Exists(_s.EnvFile));
        Assert.False(File.Exists(_s.Paths.LastPassFile));
        Assert.False(Directory.Exists(_s.Paths.AppConfigs));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_s.Paths.Imports));
    }

    [Fact]
    public void A_bundle_made_for_another_device_is_refused()
    {
        var v1 = _s.CommitApp("web v1\n");
        _s.Declare(v1, "MODE=other\n", device: "edge-02");
        _s.WriteAgentConfig();
        var bundle = _s.Bundle("edge-02.bundle", full: true, device: "edge-02");

        var refused = Assert.Throws<AirGapException>(() => _s.Import(_s.Carry(bundle.Path)));

        Assert.Contains("made for device 'edge-02'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("this device is 'edge-01'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--device edge-01", refused.Message, StringComparison.Ordinal);
        Assert.Null(_s.DeployedCommit());
    }

    [Fact]
    public void With_commit_verification_on_an_unsigned_config_commit_in_a_bundle_is_refused()
    {
        var keys = _s.Combine("keys");
        Directory.CreateDirectory(keys);
        Assert.Equal(0, ShellCommand.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "operator", "-f", Path.Combine(keys, "operator")]).ExitCode);
        var signers = Path.Combine(keys, "allowed_signers");
        File.WriteAllText(signers, "operator@example.test " + File.ReadAllText(Path.Combine(keys, "operator.pub")));
        var v1 = _s.CommitApp("web v1\n");
        _s.Declare(v1, "MODE=one\n");
        _s.WriteAgentConfig($"verify_commits = \"ssh\"\nallowed_signers = {DeviceSandbox.Quote(signers)}\n");

        var refused = Assert.Throws<AirGapException>(() => _s.Import(_s.Carry(_s.Bundle("unsigned.bundle", full: true).Path)));

        Assert.Contains("is not trusted", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", refused.Message, StringComparison.Ordinal);
        Assert.Null(_s.DeployedCommit());

        TestGit.Run(_s.ConfigWork, "-c", "gpg.format=ssh", "-c", "user.signingkey=" + Path.Combine(keys, "operator"), "commit", "--quiet", "--allow-empty", "-S", "-m", "signed");
        TestGit.Run(_s.ConfigWork, "push", "--quiet", "origin", "HEAD:main");
        _s.Import(_s.Carry(_s.Bundle("signed.bundle", full: true).Path));
        Assert.Equal(v1, _s.DeployedCommit());
    }

    [Fact]
    public void Queued_reports_land_on_the_monitoring_branch_oldest_first_even_when_another_device_pushed_meanwhile()
    {
        var v1 = _s.CommitApp("web v1\n");
        _s.Declare(v1, "MODE=one\n");
        _s.WriteAgentConfig();
        _s.Import(_s.Carry(_s.Bundle("one.bundle", full: true).Path));
        var v2 = _s.CommitApp("web v2\n");
        _s.Declare(v2, "MODE=two\n");
        _s.Import(_s.Carry(_s.Bundle("two.bundle", full: true).Path));

        var exported = new ReportExporter(_s.Paths, new RecordingHost()).Export(_s.LoadConfig(), Path.Combine(_s.DeviceSide, "reports.bundle"));
        Assert.Equal(2, exported.Reports);
        Assert.NotNull(exported.Path);

        // Another device reports while the file travels.
        var other = MonitoringSandbox.Report("edge-02", DateTimeOffset.UtcNow, MonitoringSandbox.Healthy("api", _s.ConnectedSource));
        var otherConfig = new GitOpsAgent.Core.Configuration.AgentConfig
        {
            InfraName = "edge-02",
            Interval = 60,
            MonitoringHeartbeatHours = 0,
            Applications = [new GitOpsAgent.Core.Configuration.AgentApplication("api", _s.ConnectedSource)],
        };
        var otherPublish = new MonitoringPublisher(new(_s.Combine("connected", "edge-02-home")), new GitClient(), new RecordingHost()).Publish(otherConfig, other, TestContext.Current.CancellationToken);
        Assert.True(Assert.Single(otherPublish).Pushed);

        var carried = Path.Combine(_s.Connected, "reports.bundle");
        File.Copy(exported.Path, carried);
        var imported = new ReportImporter(new GitClient(), new RecordingHost()).Import(carried, _s.ConnectedSource, TestContext.Current.CancellationToken);

        Assert.Equal(2, imported.Published);
        var log = TestGit.Run(_s.Bare("deploy-config"), "log", "--format=%an %s", "main-monitoring").Split('\n');
        Assert.Equal(["edge-01", "edge-01", "edge-02"], log.Select(line => line.Split(' ')[0]).ToArray());
        var oldest = TestGit.Run(_s.Bare("deploy-config"), "show", "main-monitoring~1:edge-01.toml");
        var newest = TestGit.Run(_s.Bare("deploy-config"), "show", "main-monitoring:edge-01.toml");
        Assert.Contains(v1, oldest, StringComparison.Ordinal);
        Assert.Contains(v2, newest, StringComparison.Ordinal);
        Assert.Contains("edge-02", TestGit.Run(_s.Bare("deploy-config"), "show", "main-monitoring:README.md"), StringComparison.Ordinal);
        Assert.Contains("api", TestGit.Run(_s.Bare("deploy-config"), "show", "main-monitoring:edge-02.toml"), StringComparison.Ordinal);

        var again = new ReportImporter(new GitClient(), new RecordingHost()).Import(carried, _s.ConnectedSource, TestContext.Current.CancellationToken);
        Assert.Equal(0, again.Published);
        Assert.Equal(2, again.AlreadyThere);
    }

    [Fact]
    public void Export_reports_says_when_nothing_is_queued_and_writes_no_file()
    {
        _s.WriteAgentConfig();
        var output = Path.Combine(_s.DeviceSide, "reports.bundle");

        var exported = new ReportExporter(_s.Paths, new RecordingHost()).Export(_s.LoadConfig(), output);

        Assert.Null(exported.Path);
        Assert.StartsWith("nothing queued", exported.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>Exports the device's queued reports and imports them on the connected side, so the device's state is known there.</summary>
    private void LandReports()
    {
        var exported = new ReportExporter(_s.Paths, new RecordingHost()).Export(_s.LoadConfig(), Path.Combine(_s.DeviceSide, "reports.bundle"));
        new ReportImporter(new GitClient(), new RecordingHost()).Import(exported.Path!, _s.ConnectedSource, TestContext.Current.CancellationToken);
    }

    /// <summary>Whether the bundle's own pack holds the object (prerequisites are lent by the connected side's work clones).</summary>
    private bool BundleHoldsObject(string bundle, string objectId)
    {
        var repo = _s.Combine("probe-" + Guid.NewGuid().ToString("N")[..8]);
        TestGit.Run(null, "init", "--quiet", "--bare", repo);
        File.WriteAllLines(Path.Combine(repo, "objects", "info", "alternates"), [Path.Combine(_s.AppWork, ".git", "objects"), Path.Combine(_s.ConfigWork, ".git", "objects")]);
        TestGit.Run(repo, "bundle", "unbundle", bundle);
        return Directory.EnumerateFiles(Path.Combine(repo, "objects", "pack"), "*.idx")
            .Any(index => TestGit.Run(repo, "verify-pack", "-v", index).Contains(objectId, StringComparison.Ordinal));
    }
}
