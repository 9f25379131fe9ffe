using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>Each drift reason is detected, named, and healed by the next pass.</summary>
public sealed class DriftTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();
    private readonly string _v1;
    private readonly string _v2;

    public DriftTests()
    {
        _v1 = _sandbox.CreateApp("web");
        _v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        _sandbox.WriteConfigRepoFile("edge-01/web.env", "PORT=8080\n");
        Deploy(post: $"echo post >> {HookLog}");
        _sandbox.WriteAgentConfig(["web"]);
        var first = Assert.Single(_sandbox.Pass().Apps);
        Assert.True(first.Healthy, first.Error);
    }

    public void Dispose() => _sandbox.Dispose();

    private string HookLog => Path.Combine(_sandbox.Root, "hooks.log");

    private string EnvFile => Path.Combine(_sandbox.Device, "etc", "web.env");

    private string AppFile => Path.Combine(_sandbox.AppPath("web"), "app.txt");

    private void Deploy(string post) =>
        _sandbox.SetInfraMeta(_sandbox.Section("web", _v2, post: post, configFiles: [("edge-01/web.env", EnvFile)]));

    private AppOutcome PassAndAssertHealed(DriftReason expected)
    {
        var web = Assert.Single(_sandbox.Pass().Apps);
        Assert.Contains(expected, web.Drift);
        Assert.True(web.Healthy, web.Error);
        Assert.True(web.Changed);
        var again = Assert.Single(_sandbox.Pass().Apps);
        Assert.Empty(again.Drift);
        Assert.False(again.Changed);
        return web;
    }

    [Fact]
    public void NotCloned_when_the_app_folder_was_removed()
    {
        Directory.Delete(_sandbox.AppPath("web"), recursive: true);
        PassAndAssertHealed(DriftReason.NotCloned);
        Assert.Equal("web v2\n", File.ReadAllText(AppFile));
    }

    [Fact]
    public void WrongCommit_when_someone_checked_out_another_commit()
    {
        // The clone holds only what was deployed: the operator fetches the other commit before checking it out.
        TestGit.Run(_sandbox.AppPath("web"), "fetch", "--quiet", "origin", _v1);
        TestGit.Run(_sandbox.AppPath("web"), "checkout", "--quiet", _v1);
        var web = PassAndAssertHealed(DriftReason.WrongCommit);
        Assert.Equal(_v2, web.ActualCommit);
    }

    [Fact]
    public void LocalChanges_are_replaced_and_kept_where_the_report_says()
    {
        File.WriteAllText(AppFile, "hotfix by operator\n");

        var web = PassAndAssertHealed(DriftReason.LocalChanges);

        Assert.Equal("web v2\n", File.ReadAllText(AppFile));
        var kept = Assert.Single(web.PreservedChanges);
        Assert.Contains("refs/gitops-agent/preserved/", kept, StringComparison.Ordinal);
        // The operator gets their change back with the command the report gives.
        var restore = kept[(kept.IndexOf("stash apply ", StringComparison.Ordinal) + "stash apply ".Length)..].Trim();
        TestGit.Run(_sandbox.AppPath("web"), "stash", "apply", restore);
        Assert.Equal("hotfix by operator\n", File.ReadAllText(AppFile));
        var reference = kept.Split(' ')[0];
        Assert.Equal(restore, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", reference));
    }

    [Fact]
    public void Untracked_files_in_the_app_repo_are_left_alone()
    {
        var notes = Path.Combine(_sandbox.AppPath("web"), "operator-notes.txt");
        File.WriteAllText(notes, "mine\n");
        File.WriteAllText(AppFile, "hotfix\n");

        PassAndAssertHealed(DriftReason.LocalChanges);

        Assert.Equal("mine\n", File.ReadAllText(notes));
    }

    [Fact]
    public void ConfigFileMissing_when_the_destination_was_deleted()
    {
        File.Delete(EnvFile);
        PassAndAssertHealed(DriftReason.ConfigFileMissing);
        Assert.Equal("PORT=8080\n", File.ReadAllText(EnvFile));
    }

    [Fact]
    public void ConfigFileDiffers_is_healed_and_the_operator_edit_is_backed_up()
    {
        File.WriteAllText(EnvFile, "PORT=9090 # edited on the device\n");
        File.SetUnixFileMode(EnvFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var web = PassAndAssertHealed(DriftReason.ConfigFileDiffers);

        Assert.Equal("PORT=8080\n", File.ReadAllText(EnvFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EnvFile));
        var backup = Assert.Single(web.ConfigBackups);
        Assert.StartsWith(_sandbox.Paths.Backups, backup, StringComparison.Ordinal);
        Assert.Equal("PORT=9090 # edited on the device\n", File.ReadAllText(backup));
    }

    [Fact]
    public void DesiredStateChanged_when_only_a_hook_changed_in_the_config_repo()
    {
        var before = File.ReadAllLines(HookLog).Length;
        Deploy(post: $"echo post-v2 >> {HookLog}");

        var web = PassAndAssertHealed(DriftReason.DesiredStateChanged);

        Assert.Equal([DriftReason.DesiredStateChanged], web.Drift);
        Assert.Equal("post-v2", File.ReadAllLines(HookLog)[before]);
    }

    [Fact]
    public void Config_backups_are_bounded_per_app()
    {
        for (var i = 0; i < ConfigFileInstaller.KeepPerApp + 3; i++)
        {
            File.WriteAllText(EnvFile, $"edit {i}\n");
            var web = Assert.Single(new ReconcileEngine(_sandbox.Paths, new RecordingHost(), clock: new FixedClock(DateTimeOffset.UnixEpoch.AddHours(i))).RunPass(_sandbox.LoadConfig(), cancellationToken: TestContext.Current.CancellationToken).Apps);
            Assert.Single(web.ConfigBackups);
        }

        var kept = Directory.GetDirectories(Path.Combine(_sandbox.Paths.Backups, "web"));
        Assert.Equal(ConfigFileInstaller.KeepPerApp, kept.Length);
    }
}
