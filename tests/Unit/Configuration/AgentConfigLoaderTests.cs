using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Tests.Unit.Configuration;

public sealed class AgentConfigLoaderTests
{
    private const string Path = "/etc/gitops-agent/config.toml";

    [Fact]
    public void A_full_config_is_read_with_its_defaults()
    {
        var config = AgentConfigLoader.Parse("infra_name = \"edge-01\"\n[applications]\nweb = \"git@github.com:org/deploy-config.git@main\"\napi = \"https://git.example.com/org/deploy.git@prod\"\nold = \"git@github.com:org/deploy-config.git\"\n", Path);

        Assert.Equal("edge-01", config.InfraName);
        Assert.Equal(300, config.Interval);
        Assert.Equal(30, config.MonitoringHistoryRetentionDays);
        Assert.Equal(600, config.CommandTimeout);
        Assert.Equal(24, config.MonitoringHeartbeatHours);
        Assert.Equal(new ConfigRepoSource("git@github.com:org/deploy-config.git", "main"), config.Applications[0].Source);
        Assert.Equal(new ConfigRepoSource("https://git.example.com/org/deploy.git", "prod"), config.Applications[1].Source);
        Assert.Equal(new ConfigRepoSource("git@github.com:org/deploy-config.git", "main"), config.Applications[2].Source);
        Assert.Equal(2, config.ConfigRepos.Count);
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_its_line()
    {
        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse("interval = \"5m\"\ncommand_timeout = 0\n", Path));

        Assert.Contains(ex.Findings, f => f.Key is null && f.Message.Contains("\"infra_name\" is missing", StringComparison.Ordinal));
        Assert.Contains(ex.Findings, f => f.Key == "interval" && f.Line == 1 && f.Message.Contains("expected an integer, found a string", StringComparison.Ordinal));
        Assert.Contains(ex.Findings, f => f.Key == "command_timeout" && f.Line == 2);
        Assert.Contains(ex.Findings, f => f.Message.Contains("[applications]", StringComparison.Ordinal));
    }

    [Fact]
    public void The_monitoring_heartbeat_can_be_turned_off_but_not_negative()
    {
        Assert.Equal(0, AgentConfigLoader.Parse("infra_name = \"e\"\nmonitoring_heartbeat_hours = 0\n[applications]\n", Path).MonitoringHeartbeatHours);
        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse("infra_name = \"e\"\nmonitoring_heartbeat_hours = -1\n[applications]\n", Path));
        Assert.Contains(ex.Findings, f => f.Key == "monitoring_heartbeat_hours" && f.Line == 2);
    }

    [Fact]
    public void Unknown_keys_are_warnings()
    {
        var config = AgentConfigLoader.Parse("infra_name = \"edge-01\"\nintreval = 5\n[applications]\n", Path);

        var warning = Assert.Single(config.Warnings);
        Assert.Equal("intreval", warning.Key);
        Assert.Equal(2, warning.Line);
    }

    [Fact]
    public void A_missing_file_says_how_to_create_it()
    {
        var ex = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Load("/nonexistent/config.toml"));
        Assert.Contains("gitops-agent configure", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git@github.com:org/deploy-config.git@main", "git@github.com:org/deploy-config.git", "main")]
    [InlineData("git@github.com:org/deploy-config.git", "git@github.com:org/deploy-config.git", "main")]
    [InlineData("ssh://git@host:2222/org/repo.git@release/1.2", "ssh://git@host:2222/org/repo.git", "release/1.2")]
    [InlineData("https://user:token@host/org/repo.git", "https://user:token@host/org/repo.git", "main")]
    [InlineData("https://user@host/org/repo@dev", "https://user@host/org/repo", "dev")]
    [InlineData("/srv/git/deploy.git@prod", "/srv/git/deploy.git", "prod")]
    public void The_branch_follows_the_last_at_sign_that_is_not_part_of_user_at_host(string value, string url, string branch)
    {
        Assert.Equal(new ConfigRepoSource(url, branch), ConfigRepoSource.Parse(value));
    }

    [Theory]
    [InlineData("https://user:token@git.example.com/org/deploy.git/", "https://git.example.com/org/deploy")]
    [InlineData("  git@github.com:org/deploy-config.git ", "git@github.com:org/deploy-config")]
    public void Urls_are_normalized_before_hashing(string url, string normalized)
    {
        Assert.Equal(normalized, ConfigRepoSource.Normalize(url));
    }

    [Fact]
    public void Clone_folder_names_are_slug_branch_and_the_url_hash()
    {
        var source = ConfigRepoSource.Parse("git@github.com:org/deploy-config.git@main");
        // SHA-256("git@github.com:org/deploy-config") begins with these 8 hex digits.
        var expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("git@github.com:org/deploy-config"u8)).ToLowerInvariant()[..8];

        Assert.Equal($"deploy-config@main-{expected}", source.CloneDirectoryName);
        Assert.Equal($"deploy-config@main-{expected}-monitoring", source.MonitoringDirectoryName);
        Assert.Equal("main-monitoring", source.MonitoringBranch);
    }
}
