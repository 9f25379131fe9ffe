using System.Diagnostics;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Lifecycle;

namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>
/// A full file system (a small tmpfs the test mounts) and a read-only folder fail the affected app before anything
/// changes, and the next pass converges once the cause is gone. Needs root (CI runs as root); skipped, saying why, when
/// mounting is not possible.
/// </summary>
public sealed class DiskFaultTests : IDisposable
{
    private readonly LifecycleSandbox _s = new();
    private readonly List<string> _mounts = [];

    public void Dispose()
    {
        foreach (var mount in _mounts)
        {
            Run("umount", "-l", mount);
        }

        _s.Dispose();
    }

    private void MountTmpfs(string folder, string size)
    {
        Directory.CreateDirectory(folder);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder);
        if (code != 0)
        {
            Assert.Skip($"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {output}");
        }

        _mounts.Add(folder);
    }

    [Fact]
    public void A_full_disk_fails_the_app_before_anything_changes_and_the_next_pass_converges()
    {
        var etc = Path.GetDirectoryName(_s.ConfigDestination)!;
        MountTmpfs(etc, "64k");
        var v1 = _s.DeployHealthyV1();
        var filler = Path.Combine(etc, "filler");
        Run("sh", "-c", $"dd if=/dev/zero of={filler} bs=4k count=64 2>/dev/null; true");
        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n" + new string('#', 16 * 1024) + "\n");
        var posts = _s.PostRuns;

        var full = _s.Pass();

        Assert.Equal(StatusLabels.ConfigUpdateFailed, full.Status);
        Assert.Contains("No space left on device", full.Error, StringComparison.Ordinal);
        Assert.Equal(v1, _s.Head);
        Assert.Equal("MODE=one\n", File.ReadAllText(_s.ConfigDestination));
        Assert.Equal(posts, _s.PostRuns);
        Assert.Null(full.FailedCommit);
        Assert.DoesNotContain(Directory.EnumerateFiles(etc), f => f.Contains(".gitops-tmp-", StringComparison.Ordinal));

        File.Delete(filler);
        var freed = _s.Pass();

        Assert.True(freed.Healthy, freed.Error);
        Assert.Equal(v2, _s.Head);
        Assert.StartsWith("MODE=two\n", File.ReadAllText(_s.ConfigDestination), StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_destination_fails_only_that_app()
    {
        var v1 = _s.DeployHealthyV1();
        var api = _s.Device.CreateApp("api");
        var readOnly = Path.Combine(_s.Device.Device, "ro");
        MountTmpfs(readOnly, "64k");
        Run("mount", "-o", "remount,ro", readOnly);
        var meta = File.ReadAllText(Path.Combine(_s.Device.ConfigWork, _s.Device.InfraName, "infra_meta.toml"));
        _s.Device.WriteConfigRepoFile("edge-01/api.env", "API=1\n");
        _s.Device.SetInfraMeta(meta + _s.Device.Section("api", api, configFiles: [("edge-01/api.env", Path.Combine(readOnly, "api.env"))]));
        _s.Device.WriteAgentConfig(["web", "api"]);

        var report = _s.Device.Pass();

        var failed = report.Apps.Single(a => a.Name == "api");
        Assert.Equal(StatusLabels.ConfigUpdateFailed, failed.Status);
        Assert.Contains("Read-only file system", failed.Error, StringComparison.Ordinal);
        Assert.True(report.Apps.Single(a => a.Name == "web").Healthy);
        Assert.Equal(v1, _s.Head);
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
