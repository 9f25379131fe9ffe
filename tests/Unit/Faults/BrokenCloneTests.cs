using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Tests.Unit.Lifecycle;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>Clones git can no longer read are set aside whole (local changes kept, the report says where) and cloned afresh.</summary>
public sealed class BrokenCloneTests : IDisposable
{
    private readonly LifecycleSandbox _s = new();

    public void Dispose() => _s.Dispose();

    private string AppDir => _s.Device.AppPath("web");

    private string ConfigClone => Path.Combine(_s.Device.Home, "app-configs", _s.Device.LoadConfig().Applications[0].Source.CloneDirectoryName);

    private void AssertHealedAt(string commit, GitOpsAgent.Core.Reports.AppOutcome web)
    {
        Assert.True(web.Healthy, web.Error);
        Assert.Equal(commit, _s.Head);
        Assert.Equal(string.Empty, TestGit.Run(AppDir, "status", "--porcelain"));
        Assert.Contains(web.Warnings, w => w.Contains("cloned afresh", StringComparison.Ordinal));
    }

    private static string MovedTo(GitOpsAgent.Core.Reports.AppOutcome web)
    {
        var note = web.Warnings.Single(w => w.Contains("moved whole to ", StringComparison.Ordinal));
        var start = note.IndexOf("moved whole to ", StringComparison.Ordinal) + "moved whole to ".Length;
        return note[start..note.IndexOf(" (local changes", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void A_checkout_that_lost_its_git_folder_is_set_aside_with_its_changes_and_cloned_again()
    {
        var v1 = _s.DeployHealthyV1();
        File.AppendAllText(Path.Combine(AppDir, "app.txt"), "edited on the device\n");
        Directory.Delete(Path.Combine(AppDir, ".git"), recursive: true);

        var web = _s.Pass();

        AssertHealedAt(v1, web);
        var aside = MovedTo(web);
        Assert.StartsWith(Path.Combine(_s.Device.Home, "broken", "web"), aside, StringComparison.Ordinal);
        Assert.Contains("edited on the device", File.ReadAllText(Path.Combine(aside, "app.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkout_with_its_objects_gone_is_detected_when_a_new_release_needs_them()
    {
        _s.DeployHealthyV1();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppDir, ".git", "objects"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("/info/packs", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }

        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n");
        var web = _s.Pass();

        AssertHealedAt(v2, web);
        Assert.Null(web.FailedCommit);
    }

    [Fact]
    public void A_corrupt_object_is_detected_and_the_clone_replaced()
    {
        var v1 = _s.DeployHealthyV1();
        TestGit.Run(AppDir, "repack", "-a", "-d", "-q");
        var pack = Directory.EnumerateFiles(Path.Combine(AppDir, ".git", "objects", "pack"), "*.pack").Single();
        File.SetAttributes(pack, FileAttributes.Normal);
        var bytes = File.ReadAllBytes(pack);
        for (var i = 12; i < bytes.Length - 20; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(pack, bytes);
        File.AppendAllText(Path.Combine(AppDir, "app.txt"), "touched\n");

        var web = _s.Pass();

        AssertHealedAt(v1, web);
    }

    [Fact]
    public void A_head_that_points_nowhere_is_healed()
    {
        var v1 = _s.DeployHealthyV1();
        File.WriteAllText(Path.Combine(AppDir, ".git", "HEAD"), "ref: refs/heads/nowhere\n");
        var nowhere = _s.Pass();
        Assert.True(nowhere.Healthy, nowhere.Status + ": " + nowhere.Error);
        Assert.Equal(v1, _s.Head);

        File.WriteAllText(Path.Combine(AppDir, ".git", "HEAD"), "garbage\n");
        var web = _s.Pass();

        AssertHealedAt(v1, web);
    }

    [Fact]
    public void Foreign_data_in_an_app_folder_is_still_never_touched()
    {
        var v1 = _s.Device.CreateApp("web");
        Directory.CreateDirectory(AppDir);
        File.WriteAllText(Path.Combine(AppDir, "precious.db"), "data");
        _s.Declare(v1, "MODE=one\n");
        _s.Device.WriteAgentConfig(["web"]);

        var web = _s.Pass();

        Assert.False(web.Healthy, string.Join(" | ", web.Actions) + " / " + string.Join(" | ", web.Warnings));
        Assert.Contains("not a git repository", web.Error, StringComparison.Ordinal);
        Assert.Equal("data", File.ReadAllText(Path.Combine(AppDir, "precious.db")));
    }

    [Fact]
    public void Clones_set_aside_within_the_same_second_each_keep_their_own_copy()
    {
        // The soak bench runs passes back to back: an app broken three times within one second found both the stamped
        // folder and its fallback beside the app taken on the third move, and that pass failed the app.
        var now = DateTimeOffset.UtcNow;
        var moved = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Directory.CreateDirectory(AppDir);
            File.WriteAllText(Path.Combine(AppDir, "app.txt"), $"copy {i}\n");
            moved.Add(BrokenClone.MoveAside(new AgentPaths(_s.Device.Home), AppDir, "web", now));
        }

        Assert.Equal(3, moved.Distinct(StringComparer.Ordinal).Count());
        Assert.All(moved, path => Assert.StartsWith(Path.Combine(_s.Device.Home, "broken", "web"), path, StringComparison.Ordinal));
        Assert.Equal(["copy 0\n", "copy 1\n", "copy 2\n"], moved.Select(path => File.ReadAllText(Path.Combine(path, "app.txt"))));
    }

    [Fact]
    public void A_config_clone_that_lost_its_git_folder_or_objects_is_cloned_again()
    {
        _s.DeployHealthyV1();
        Directory.Delete(Path.Combine(ConfigClone, ".git"), recursive: true);
        Assert.True(_s.Pass().Healthy);
        Assert.True(Directory.Exists(Path.Combine(ConfigClone, ".git")));

        foreach (var file in Directory.EnumerateFiles(Path.Combine(ConfigClone, ".git", "objects"), "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
        _s.Declare(v2, "MODE=two\n");
        var web = _s.Pass();
        Assert.True(web.Healthy, web.Error);
        Assert.Equal(v2, _s.Head);
        Assert.Equal("MODE=two\n", File.ReadAllText(_s.ConfigDestination));
    }
}
