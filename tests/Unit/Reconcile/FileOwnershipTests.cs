using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Core.Unix;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// config_files mode/owner/group and run_as, with real users of this machine (the tests run as root): daemon (uid 1,
/// gid 1) owns what is declared for it, a hand-made change of mode or owner is drift and healed, an unknown user
/// fails its app only.
/// </summary>
public sealed class FileOwnershipTests : IDisposable
{
    private const uint Daemon = 1;
    private const int Mode0640 = 0b110_100_000;
    private readonly DeviceSandbox _sandbox = new();
    private readonly string _web;

    public FileOwnershipTests()
    {
        _web = _sandbox.CreateApp("web");
        _sandbox.WriteConfigRepoFile("edge-01/web.env", "PASSWORD=s3cret\n");
        _sandbox.CommitConfig();
    }

    public void Dispose() => _sandbox.Dispose();

    private string EnvFile => Path.Combine(_sandbox.Device, "etc", "web.env");

    private string Section(string access, string extra = "", string app = "web", string? commit = null) =>
        _sandbox.Section(app, commit ?? _web, extra: $"config_files = [ {{ src = \"edge-01/web.env\", dst = {DeviceSandbox.Quote(EnvFile)}{access} }} ]\n{extra}");

    private AppOutcome Pass(string app = "web") => Assert.Single(_sandbox.Pass().Apps, outcome => outcome.Name == app);

    [Fact]
    public void A_new_config_file_gets_its_declared_mode_and_owner_before_it_is_renamed_into_place()
    {
        _sandbox.SetInfraMeta(Section(", mode = \"0640\", owner = \"daemon\", group = \"daemon\""));
        _sandbox.WriteAgentConfig(["web"]);
        var seen = new List<UnixFileStatus>();
        AtomicFile.BeforeRename = (temporary, destination) =>
        {
            if (destination == EnvFile)
            {
                seen.Add(UnixAccounts.Stat(temporary));
            }
        };
        try
        {
            var web = Pass();
            Assert.True(web.Healthy, web.Error);
        }
        finally
        {
            AtomicFile.BeforeRename = null;
        }

        // The file had its final mode and owner while it still had its temporary name: never readable by others.
        Assert.Equal(new UnixFileStatus(Daemon, Daemon, Mode0640), Assert.Single(seen));
        Assert.Equal(new UnixFileStatus(Daemon, Daemon, Mode0640), UnixAccounts.Stat(EnvFile));
        Assert.Equal("PASSWORD=s3cret\n", File.ReadAllText(EnvFile));
    }

    [Fact]
    public void Without_a_declared_mode_a_new_file_is_0644_and_root_s_and_a_replaced_one_keeps_mode_and_owner()
    {
        _sandbox.SetInfraMeta(Section(string.Empty));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Pass().Healthy);
        Assert.Equal(new UnixFileStatus(0, 0, ConfigFileInstaller.DefaultMode), UnixAccounts.Stat(EnvFile));

        UnixAccounts.ChangeOwner(EnvFile, Daemon, Daemon);
        File.SetUnixFileMode(EnvFile, (UnixFileMode)Mode0640);
        File.WriteAllText(EnvFile, "edited\n");
        var web = Pass();

        Assert.Equal([DriftReason.ConfigFileDiffers], web.Drift);
        Assert.Equal(new UnixFileStatus(Daemon, Daemon, Mode0640), UnixAccounts.Stat(EnvFile));
        Assert.Equal("PASSWORD=s3cret\n", File.ReadAllText(EnvFile));
    }

    [Fact]
    public void A_mode_or_owner_changed_by_hand_is_drift_and_healed_although_the_bytes_are_equal()
    {
        _sandbox.SetInfraMeta(Section(", mode = \"0640\", owner = \"daemon\", group = \"daemon\""));
        _sandbox.WriteAgentConfig(["web"]);
        Assert.True(Pass().Healthy);

        File.SetUnixFileMode(EnvFile, (UnixFileMode)0b110_100_100);
        AssertHealed();

        UnixAccounts.ChangeOwner(EnvFile, 0, Daemon);
        AssertHealed();

        UnixAccounts.ChangeOwner(EnvFile, Daemon, 0);
        AssertHealed();

        void AssertHealed()
        {
            var web = Pass();
            Assert.Equal([DriftReason.ConfigFileMode], web.Drift);
            Assert.True(web.Healthy, web.Error);
            Assert.Empty(web.ConfigBackups);
            Assert.Equal(new UnixFileStatus(Daemon, Daemon, Mode0640), UnixAccounts.Stat(EnvFile));
            var again = Pass();
            Assert.Empty(again.Drift);
            Assert.False(again.Changed);
        }
    }

    [Fact]
    public void An_unknown_owner_fails_that_app_s_config_update_only_and_names_the_user_and_the_fix()
    {
        var api = _sandbox.CreateApp("api");
        _sandbox.SetInfraMeta(Section(", owner = \"gitops-no-such-user\"") + _sandbox.Section("api", api));
        _sandbox.WriteAgentConfig(["web", "api"]);

        var report = _sandbox.Pass();

        var web = Assert.Single(report.Apps, app => app.Name == "web");
        Assert.False(web.ConfigUpdate.Succeeded);
        Assert.Contains("\"gitops-no-such-user\"", web.Error, StringComparison.Ordinal);
        Assert.Contains("useradd", web.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(EnvFile));
        Assert.True(web.AppUpdate.Succeeded);
        Assert.True(Assert.Single(report.Apps, app => app.Name == "api").Healthy);
    }

    [Fact]
    public void Hooks_run_as_the_run_as_user_with_its_home_and_the_checkout_is_that_user_s()
    {
        var output = Path.Combine(_sandbox.Root, "hook-output");
        Directory.CreateDirectory(output);
        File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);
        var post = $"echo \"$(id -un) $(id -g) $HOME $GITOPS_APP $GITOPS_COMMIT\" > {output}/who.txt";
        _sandbox.SetInfraMeta(_sandbox.Section("web", _web, post: post, extra: "run_as = \"daemon\"\n"));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Pass();

        Assert.True(web.Healthy, web.Error);
        Assert.Equal($"daemon 1 /usr/sbin web {_web}", File.ReadAllText(Path.Combine(output, "who.txt")).Trim());
        Assert.Equal(Daemon, UnixAccounts.Stat(Path.Combine(output, "who.txt")).Uid);
        AssertOwnedByDaemon(_sandbox.AppPath("web"));

        // A new commit is fetched and checked out as root; the files git writes go to the user too.
        var v2 = _sandbox.CommitApp("web", "lib/new.txt", "v2\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2, post: post, extra: "run_as = \"daemon\"\n"));
        Assert.True(Pass().Healthy);
        AssertOwnedByDaemon(_sandbox.AppPath("web"));
        Assert.Empty(Pass().Drift);
    }

    [Fact]
    public void An_unknown_run_as_user_fails_that_app_only_before_anything_changes()
    {
        var api = _sandbox.CreateApp("api");
        var marker = Path.Combine(_sandbox.Root, "ran");
        _sandbox.SetInfraMeta(_sandbox.Section("web", _web, post: $"touch {marker}", extra: "run_as = \"gitops-no-such-user\"\n") + _sandbox.Section("api", api));
        _sandbox.WriteAgentConfig(["web", "api"]);

        var report = _sandbox.Pass();

        var web = Assert.Single(report.Apps, app => app.Name == "web");
        Assert.False(web.Healthy);
        Assert.Contains("run_as user \"gitops-no-such-user\" does not exist", web.Error, StringComparison.Ordinal);
        Assert.Contains("useradd", web.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));
        Assert.False(File.Exists(marker));
        Assert.True(Assert.Single(report.Apps, app => app.Name == "api").Healthy);
    }

    [Theory]
    [InlineData("mode = \"999\"", "mode", "3 or 4 octal digits")]
    [InlineData("mode = 640", "mode", "3 or 4 octal digits")]
    [InlineData("owner = \"web user\"", "owner", "not a usable owner")]
    [InlineData("group = \"-g\"", "group", "not a usable group")]
    public void A_bad_mode_owner_or_group_is_an_error_with_line_key_and_fix(string entry, string key, string expected)
    {
        var toml = $"[web]\ncode_url = \"u\"\ncode_commit_hash = \"{_web}\"\ncode_local_path = \"/srv/web\"\nconfig_files = [\n  {{ src = \"edge-01/web.env\", dst = \"/srv/web/.env\", {entry} }},\n]\n";

        var result = InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(toml), "edge-01/infra_meta.toml", _sandbox.ConfigWork).For("web");

        var error = Assert.Single(result.Errors);
        Assert.Equal(6, error.Line);
        Assert.EndsWith(key, error.Key, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_run_as_name_is_an_error_with_line_and_key()
    {
        var toml = $"[web]\ncode_url = \"u\"\ncode_commit_hash = \"{_web}\"\ncode_local_path = \"/srv/web\"\nrun_as = \"root; rm -rf /\"\n";

        var error = Assert.Single(InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(toml), "edge-01/infra_meta.toml", _sandbox.ConfigWork).For("web").Errors);

        Assert.Equal(5, error.Line);
        Assert.EndsWith("run_as", error.Key, StringComparison.Ordinal);
        Assert.Contains("not a usable run_as", error.Message, StringComparison.Ordinal);
    }

    private static void AssertOwnedByDaemon(string root)
    {
        Assert.Equal(Daemon, UnixAccounts.Stat(root).Uid);
        var entries = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToList();
        Assert.Contains(entries, path => path.Contains("/.git/objects/", StringComparison.Ordinal));
        Assert.All(entries, path => Assert.Equal((Daemon, Daemon), (UnixAccounts.Stat(path).Uid, UnixAccounts.Stat(path).Gid)));
    }
}
