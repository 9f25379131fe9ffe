using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Bench;

/// <summary>
/// A device's health report as the agent writes it (<see cref="HealthReportWriter"/>) after deploying two apps with
/// hooks and a health check: 1–3 KB of TOML, different commits and logs in every version.
/// </summary>
public static class SyntheticReport
{
    public static HealthReport Write(string device, string source, DateTimeOffset when, RandomText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HealthReportWriter.Write(new HealthReportRequest
        {
            Device = device,
            IntervalSeconds = 300,
            HeartbeatSeconds = 24 * 3600,
            LastUpdated = when,
            ManagedApps = ["web", "metrics"],
            Outcomes = [Outcome("web", source, when, text, withHooks: true), Outcome("metrics", source, when, text, withHooks: false)],
        });
    }

    private static AppOutcome Outcome(string app, string source, DateTimeOffset when, RandomText text, bool withHooks)
    {
        var commit = text.CommitId();
        var configCommit = text.CommitId();
        var stamp = when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var seconds = 0.2 + text.Random.NextDouble();
        return new AppOutcome
        {
            Name = app,
            ConfigSource = source,
            Changed = true,
            Actions = ["fetch", $"checkout {commit[..7]}", "config files"],
            DesiredCommit = commit,
            ActualCommit = commit,
            CodeLocalPath = $"/srv/{app}",
            ConfigUpdate = new StepResult { Attempted = true, Succeeded = true, GitStatus = $"On branch main\nYour branch is up to date with 'origin/main'.\n\nnothing to commit, working tree clean\n", LatestCommit = configCommit },
            AppUpdate = new StepResult { Attempted = true, Succeeded = true, GitStatus = $"HEAD detached at {commit[..7]}\nnothing to commit, working tree clean\n", LatestCommit = commit },
            Commands = withHooks
                ? [
                    new CommandRun("pre", $"systemctl stop {app}", 0, false, $"{stamp} stopping {app}.service\n{stamp} stopped {app}.service\n", seconds),
                    new CommandRun("post", $"systemctl start {app}", 0, false, $"{stamp} starting {app}.service\n{stamp} {app}[{text.Random.Next(1000, 65000)}]: listening on :8080\n{stamp} started {app}.service\n", seconds * 2),
                ]
                : [],
            HealthCheck = withHooks ? new HealthCheckResult("curl -fsS http://localhost:8080/health", true, 0, false, 1, "{\"status\":\"ok\",\"version\":\"" + commit[..12] + "\"}") : null,
        };
    }
}
