using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// A config_files src never leaves the config repo: a committed symlink that points out of it (or into its .git)
/// is refused with the reason, the secret it points at is copied nowhere, and links that stay inside work.
/// </summary>
public sealed class ConfigSourceContainmentTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_symlink_out_of_the_config_repo_is_refused_and_nothing_is_copied()
    {
        var secret = Path.Combine(_sandbox.Root, "device-secret.txt");
        File.WriteAllText(secret, "root password: hunter2");
        var commit = _sandbox.CreateApp("web");
        Directory.CreateDirectory(Path.Combine(_sandbox.ConfigWork, "edge-01"));
        File.CreateSymbolicLink(Path.Combine(_sandbox.ConfigWork, "edge-01", "link.conf"), secret);
        var dst = Path.Combine(_sandbox.AppPath("web"), "app.conf");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit, configFiles: [("edge-01/link.conf", dst)]));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.Equal(StatusLabels.ConfigUpdateFailed, web.Status);
        Assert.Contains("edge-01/link.conf", web.Error, StringComparison.Ordinal);
        Assert.Contains("outside the config repo", web.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dst));
        Assert.DoesNotContain("hunter2", File.ReadAllText(Path.Combine(_sandbox.Home, "state", "last-pass.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlinked_folder_on_the_way_out_is_refused_too()
    {
        var outside = Path.Combine(_sandbox.Root, "etc-like");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "shadow"), "secret");
        Directory.CreateDirectory(Path.Combine(_sandbox.ConfigWork, "edge-01"));
        File.CreateSymbolicLink(Path.Combine(_sandbox.ConfigWork, "edge-01", "etc"), outside);

        var resolved = ConfigSourcePath.Resolve(_sandbox.ConfigWork, "edge-01/etc/shadow");

        Assert.Null(resolved.Path);
        Assert.Contains(Path.Combine(outside, "shadow"), resolved.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_into_the_repo_git_folder_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_sandbox.ConfigWork, "edge-01"));
        _sandbox.CommitConfig();
        File.CreateSymbolicLink(Path.Combine(_sandbox.ConfigWork, "edge-01", "gitconfig"), "../.git/config");

        var resolved = ConfigSourcePath.Resolve(_sandbox.ConfigWork, "edge-01/gitconfig");

        Assert.Null(resolved.Path);
        Assert.Contains(".git folder", resolved.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_that_stays_inside_the_repo_is_followed()
    {
        var commit = _sandbox.CreateApp("web");
        _sandbox.WriteConfigRepoFile("shared/common.conf", "shared=1\n");
        Directory.CreateDirectory(Path.Combine(_sandbox.ConfigWork, "edge-01"));
        File.CreateSymbolicLink(Path.Combine(_sandbox.ConfigWork, "edge-01", "common.conf"), "../shared/common.conf");
        var dst = Path.Combine(_sandbox.AppPath("web"), "common.conf");
        _sandbox.SetInfraMeta(_sandbox.Section("web", commit, configFiles: [("edge-01/common.conf", dst)]));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.Equal("shared=1\n", File.ReadAllText(dst));
    }

    [Fact]
    public void Validate_reports_the_escaping_link_as_an_error()
    {
        var secret = Path.Combine(_sandbox.Root, "device-secret.txt");
        File.WriteAllText(secret, "x");
        Directory.CreateDirectory(Path.Combine(_sandbox.ConfigWork, "edge-01"));
        File.CreateSymbolicLink(Path.Combine(_sandbox.ConfigWork, "edge-01", "link.conf"), secret);
        File.WriteAllText(Path.Combine(_sandbox.ConfigWork, "edge-01", "infra_meta.toml"), _sandbox.Section("web", new string('a', 40), configFiles: [("edge-01/link.conf", "/srv/web/app.conf")]));

        var result = DeploymentConfigValidator.Validate(_sandbox.ConfigWork, "edge-01");

        var finding = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Contains("outside the config repo", finding.Message, StringComparison.Ordinal);
    }
}
