using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Tests.Unit.Monitoring;

public sealed class HealthReportWriterTests
{
    private const string Source = "file:///srv/deploy-config.git@main";
    private static readonly DateTimeOffset Finished = new(2026, 11, 22, 10, 0, 0, 456, TimeSpan.FromHours(2));

    private static HealthReport Write(IReadOnlyList<string> managed, IReadOnlyList<AppOutcome> outcomes, string? existing = null, DateTimeOffset? at = null) =>
        HealthReportWriter.Write(new HealthReportRequest
        {
            Device = "edge-01",
            IntervalSeconds = 300,
            LastUpdated = at ?? Finished,
            ManagedApps = managed,
            Outcomes = outcomes,
            ExistingText = existing,
        });

    private static AppOutcome Outcome(string app) => new() { Name = app, ConfigSource = Source, ActualCommit = app + "-commit" };

    private static AppOutcome FailedPost() => new()
    {
        Name = "web",
        ConfigSource = Source,
        Status = StatusLabels.CommandFailed,
        Changed = true,
        Drift = [DriftReason.WrongCommit, DriftReason.ConfigFileDiffers, DriftReason.ConfigFileMode],
        DesiredCommit = "3f1c000000000000000000000000000000000000",
        ActualCommit = "3f1c000000000000000000000000000000000000",
        PreservedChanges = ["refs/gitops-agent/preserved/1"],
        ConfigBackups = ["/opt/gitops-agent/backups/web/.env"],
        AppUpdate = new StepResult { Attempted = true, Succeeded = true, GitStatus = " M a.txt\n?? b.txt", LatestCommit = "3f1c000000000000000000000000000000000000" },
        ConfigUpdate = new StepResult { Attempted = true, Succeeded = false, Error = "copy failed", GitStatus = string.Empty, LatestCommit = "aaaa000000000000000000000000000000000000" },
        Commands =
        [
            new CommandRun("pre", "systemctl stop web", 0, false, "stopped\n", 0.5),
            new CommandRun("post", "systemctl start web", 3, false, "line one\nline two\n", 1.2),
        ],
    };

    [Fact]
    public void Report_has_typed_top_level_keys_and_per_app_tables_as_the_design_describes()
    {
        var report = Write(["web"], [FailedPost()]);
        var table = TomlParser.Parse(report.Text);

        Assert.Equal("⚠️ 1 of 1 apps need attention: web", table.GetString("overall_status"));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), table.GetOffsetDateTime("last-updated"));
        Assert.Equal(TimeSpan.Zero, table.GetOffsetDateTime("last-updated").Offset);
        Assert.Equal(300, table.GetInteger("interval"));
        Assert.StartsWith("overall_status = ", report.Text, StringComparison.Ordinal);

        var web = table.GetTable("web");
        Assert.Equal(StatusLabels.CommandFailed, web.GetString("status"));
        Assert.Equal("3f1c000000000000000000000000000000000000", web.GetString("desired-commit"));
        Assert.Equal("3f1c000000000000000000000000000000000000", web.GetString("actual-commit"));
        Assert.Equal(["wrong-commit", "config-file-differs", "config-file-mode"], web.GetArray("drift").Cast<string>());
        Assert.True(web.GetBoolean("changed"));
        Assert.Equal(["refs/gitops-agent/preserved/1"], web.GetArray("preserved-changes").Cast<string>());
        Assert.Equal(["/opt/gitops-agent/backups/web/.env"], web.GetArray("config-backups").Cast<string>());

        var app = web.GetTable("app-updation");
        Assert.Equal(0, app.GetInteger("updation-return-value"));
        Assert.Equal(" M a.txt\n?? b.txt", app.GetString("git-status"));
        Assert.Equal("3f1c000000000000000000000000000000000000", app.GetString("git-repo-latest-commit"));
        var config = web.GetTable("config-updation");
        Assert.Equal(1, config.GetInteger("updation-return-value"));
        Assert.Equal("copy failed", config.GetString("error"));

        var commands = web.GetTable("extra-command-output");
        Assert.Equal(0, commands.GetInteger("pre-return-code"));
        Assert.Equal(3, commands.GetInteger("post-return-code"));
        Assert.Equal("line one\nline two\n", commands.GetString("post-log"));
        Assert.Contains("[web.extra-command-output]", report.Text, StringComparison.Ordinal);
        Assert.Contains("\"\"\"", report.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Commit_message_and_overall_status_mirror_health()
    {
        var healthy = Write(["web", "api", "db"], [Outcome("web"), Outcome("api"), Outcome("db")]);
        Assert.Equal("✅ Status: all 3 apps healthy", healthy.CommitMessage);
        Assert.Equal("✅ all 3 apps healthy", healthy.OverallStatus);

        var oneBad = Write(["web", "api", "db"], [FailedPost(), new AppOutcome { Name = "api", ConfigSource = Source }, new AppOutcome { Name = "db", ConfigSource = Source }]);
        Assert.Equal("⚠️ Status: 1 of 3 issues (web)", oneBad.CommitMessage);
        Assert.Equal(["web"], oneBad.UnhealthyApps);
    }

    [Fact]
    public void Apps_no_longer_managed_are_dropped_and_unreported_ones_keep_their_previous_entry()
    {
        var first = Write(["web", "api", "old"], [Outcome("web"), Outcome("api"), Outcome("old")]);

        var second = Write(["web", "api"], [new AppOutcome { Name = "web", ConfigSource = Source }], first.Text);
        var table = TomlParser.Parse(second.Text);

        Assert.False(table.ContainsKey("old"));
        Assert.Equal("api-commit", table.GetTable("api").GetString("actual-commit"));
        Assert.Equal("✅ all 2 apps healthy", table.GetString("overall_status"));
    }

    [Fact]
    public void A_malformed_existing_entry_is_unknown_and_does_not_disturb_the_others()
    {
        const string existing = "overall_status = \"x\"\nlast-updated = 2026-11-21T00:00:00Z\napi = 42\n\n[db]\nnote = \"no status here\"\n\n[cache]\nstatus = \"✅ healthy\"\n";

        var report = Write(["web", "api", "db", "cache"], [new AppOutcome { Name = "web", ConfigSource = Source }], existing);
        var table = TomlParser.Parse(report.Text);

        Assert.Equal(StatusLabels.Unknown, table.GetTable("api").GetString("status"));
        Assert.Equal(StatusLabels.Unknown, table.GetTable("db").GetString("status"));
        Assert.Equal(StatusLabels.Healthy, table.GetTable("cache").GetString("status"));
        Assert.Equal(StatusLabels.Healthy, table.GetTable("web").GetString("status"));
        Assert.Equal("⚠️ Status: 2 of 4 issues (api, db)", report.CommitMessage);
    }

    [Fact]
    public void An_unparseable_existing_file_makes_only_the_unreported_apps_unknown()
    {
        var report = Write(["web", "api"], [new AppOutcome { Name = "web", ConfigSource = Source }], "this is = = not toml [");
        var table = TomlParser.Parse(report.Text);

        Assert.Equal(StatusLabels.Healthy, table.GetTable("web").GetString("status"));
        Assert.Equal(StatusLabels.Unknown, table.GetTable("api").GetString("status"));
        Assert.Contains("could not be read", table.GetTable("api").GetString("error"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_that_differ_only_in_last_updated_count_as_unchanged()
    {
        var first = Write(["web"], [FailedPost()]);
        var later = Write(["web"], [FailedPost()], first.Text, Finished.AddHours(5));
        var different = Write(["web"], [FailedPost() with { ActualCommit = "other" }], first.Text, Finished.AddHours(5));

        Assert.NotEqual(first.Text, later.Text);
        Assert.True(HealthReportWriter.SameExceptLastUpdated(first.Text, later.Text));
        Assert.False(HealthReportWriter.SameExceptLastUpdated(first.Text, different.Text));
        Assert.False(HealthReportWriter.SameExceptLastUpdated(null, first.Text));
        Assert.False(HealthReportWriter.SameExceptLastUpdated("not = = toml", first.Text));
    }

    [Fact]
    public void No_apps_reports_so()
    {
        var report = Write([], []);
        Assert.Equal("⚠️ no apps reported", report.OverallStatus);
        Assert.Equal("⚠️ Status: no apps reported", report.CommitMessage);
    }
}
