using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Tests.Unit.State;

/// <summary>
/// A saved pass and an app record with every field set to something other than its default (checked by
/// <see cref="StateJsonTests"/>), with text that needs escaping, odd offsets and fractions, so a field the
/// hand-written JSON forgets or spells differently shows.
/// </summary>
internal static class StateFixtures
{
    public const string Awkward = "line one\nline two\t\"quoted\" <tag> & 'single' \\ back ✅ 😀 \u0001 é";

    public static DateTimeOffset When { get; } = new DateTimeOffset(2026, 12, 3, 17, 45, 12, TimeSpan.FromMinutes(330)).AddTicks(1234567);

    public static PassReport FullReport() => new()
    {
        InfraName = "edge-01 " + Awkward,
        StartedAt = When,
        FinishedAt = When.AddSeconds(1.5),
        DryRun = true,
        Apps = [FullApp("web"), FullApp("api") with { Status = StatusLabels.Healthy, Error = null }],
        ConfigRepos =
        [
            new ConfigRepoState
            {
                Url = "ssh://git@example.com/deploy-config.git",
                Branch = "main",
                ClonePath = "/var/lib/gitops-agent/app-configs/deploy-config@main-1",
                Commit = "2df8e2d4bbfb575813dfa57837334c4139b27ac4",
                Reachable = true,
                Fetched = true,
                Error = "fetch: " + Awkward,
                UntrustedLabel = "❌ untrusted commit 2df8e2d (no signature)",
                HistoryRewritten = "the branch was force-pushed: 1234567 is no longer in it",
            },
            new ConfigRepoState { Url = "file:///srv/other.git", Branch = "edge", ClonePath = "/tmp/other" },
        ],
        Warnings = ["a warning", Awkward],
        PreviousPassInterrupted = true,
    };

    public static AppOutcome FullApp(string name) => new()
    {
        Name = name,
        ConfigSource = "ssh://git@example.com/deploy-config.git@main",
        Status = StatusLabels.CommandFailed,
        Changed = true,
        Drift = [DriftReason.WrongCommit, DriftReason.ConfigFileMode],
        Actions = ["checked out 1234567", Awkward],
        Steps = ["fetch", "checkout"],
        DesiredCommit = "c9ac2682f158f38fb0b9183e2a39ee22b94c9e92",
        ActualCommit = "b9ac2682f158f38fb0b9183e2a39ee22b94c9e92",
        CodeLocalPath = "/srv/" + name,
        Error = "post command exited 3: " + Awkward,
        ConfigUpdate = new StepResult { Attempted = true, Succeeded = true, Error = "no", GitStatus = "M a.conf", LatestCommit = "abc" },
        AppUpdate = new StepResult { Attempted = true, Succeeded = true, Error = "checkout retried", GitStatus = "?? x", LatestCommit = "def" },
        Commands =
        [
            new CommandRun("post", "systemctl restart web", 3, true, "out\n" + Awkward, 0.1 + 0.2),
            new CommandRun("pre", "true", 1, true, "x", 1e-7),
        ],
        PreservedChanges = ["refs/gitops-agent/preserved/1"],
        ConfigBackups = ["/var/lib/gitops-agent/backups/a.conf.1"],
        Warnings = [Awkward],
        HealthCheck = new HealthCheckResult("curl -f localhost", true, 7, true, 3, "ok " + Awkward),
        FailedStep = "post",
        FailedCommit = "c9ac268",
        RolledBackTo = "b9ac268",
        FailedAttempts = 2,
        HeldBack = true,
        Suspension = FullSuspension(name),
        Sync = SyncMode.Manual,
        OnFailure = FailurePolicy.Hold,
        Removed = true,
        RemovedTo = "/var/lib/gitops-agent/removed/" + name,
    };

    public static AppSuspension FullSuspension(string name) => new()
    {
        Name = name,
        Reason = "maintenance " + Awkward,
        Until = When.AddDays(2),
        Since = When.AddHours(-1),
        By = AppSuspension.ByGit,
    };

    public static AppRecord FullRecord() => new()
    {
        Name = "web",
        ConfigSource = "ssh://git@example.com/deploy-config.git@main",
        Declared = FullDesiredApp("c9ac2682f158f38fb0b9183e2a39ee22b94c9e92"),
        DeclaredConfigCommit = "2df8e2d4bbfb575813dfa57837334c4139b27ac4",
        ConfigClonePath = "/var/lib/gitops-agent/app-configs/deploy-config@main-1",
        LastGood = new LastGoodState
        {
            Commit = "b9ac2682f158f38fb0b9183e2a39ee22b94c9e92",
            App = FullDesiredApp("b9ac2682f158f38fb0b9183e2a39ee22b94c9e92"),
            Files = new Dictionary<string, string> { ["/etc/web/a.conf"] = "9f86d0", ["/etc/web/é \"b\".conf"] = "60303a" },
            Fingerprint = "bc1d53d0e0f8cd0a257274a79c5db9451c8825d127eb044dd7ce14cf7bfdeb3f",
            Since = When.AddDays(-3),
            ConfigCommit = "1df8e2d",
        },
        Failure = new FailedAttempt
        {
            Fingerprint = "ad1d53",
            Commit = "c9ac268",
            What = "post command",
            Status = StatusLabels.CommandFailed,
            Error = Awkward,
            Attempts = 4,
            PassesWaited = 2,
            LastAttemptAt = When.AddMinutes(-5),
            RolledBackTo = "b9ac268",
            RollingBackTo = "a9ac268",
        },
        RemovedAt = When.AddMinutes(1),
        RemovedTo = "/var/lib/gitops-agent/removed/web",
        RemovalAttempts = 1,
        RemovalPassesWaited = 3,
        RemovalLastAttemptAt = When.AddMinutes(2),
    };

    public static DesiredApp FullDesiredApp(string commit) => new()
    {
        Name = "web",
        CodeUrl = "https://example.com/web.git",
        CodeCommitHash = commit,
        CodeLocalPath = "/srv/web",
        ConfigFiles =
        [
            new ConfigFileMapping("web/a.conf", "/etc/web/a.conf") { Mode = 416, Owner = "www-data", Group = "adm" },
            new ConfigFileMapping("shared/b.conf", "/etc/web/b.conf"),
        ],
        PreUpdationCommand = "echo pre",
        PostUpdationCommand = "systemctl restart web",
        RunAs = "deploy",
        HealthCheckCommand = "curl -f localhost",
        HealthCheckRetries = 5,
        HealthCheckInterval = 9,
        OnFailure = FailurePolicy.Retry,
        Suspended = true,
        SuspendReason = "in git",
        Sync = SyncMode.Manual,
        OnRemoval = RemovalPolicy.Remove,
        RemovalCommand = "rm -rf /srv/web",
        SourceFile = "edge-01/infra_meta.toml",
        SourceLine = 12,
    };
}
