using System.Globalization;
using System.Text;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// Builds <c>&lt;infra_name&gt;.toml</c> for the monitoring branch from a pass and the previous file. Pure: no git,
/// no clock, no file system, so the format is tested on its own.
/// </summary>
public static class HealthReportWriter
{
    public const string LastUpdatedKey = "last-updated";
    public const string OverallStatusKey = "overall_status";
    public const string IntervalKey = "interval";
    public const string DeviceKey = "infra_name";
    public const string HeartbeatKey = "heartbeat";

    public static HealthReport Write(HealthReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var previous = ReadPrevious(request.ExistingText, out var previousError);
        var entries = new List<(string Name, TomlTable Entry)>();
        foreach (var app in request.ManagedApps.Distinct(StringComparer.Ordinal))
        {
            var outcome = request.Outcomes.LastOrDefault(o => string.Equals(o.Name, app, StringComparison.Ordinal));
            entries.Add((app, outcome is not null ? FromOutcome(outcome, PreviousEntry(previous, app), ToSeconds(request.LastUpdated)) : Carried(app, previous, previousError)));
        }

        var health = entries.Select(e => (e.Name, StatusOf(e.Entry))).ToList();
        var overall = HealthSummary.Overall(health);
        var root = new TomlTable
        {
            { OverallStatusKey, overall },
            { LastUpdatedKey, ToSeconds(request.LastUpdated) },
            { DeviceKey, request.Device },
        };
        if (request.IntervalSeconds > 0)
        {
            root.Add(IntervalKey, (long)request.IntervalSeconds);
        }

        if (request.HeartbeatSeconds > 0)
        {
            root.Add(HeartbeatKey, (long)request.HeartbeatSeconds);
        }

        foreach (var (name, entry) in entries)
        {
            root.Add(name, entry);
        }

        return new HealthReport(
            TomlWriter.Write(root),
            overall,
            HealthSummary.CommitMessage(health),
            [.. health.Where(h => StatusLabels.NeedsAttention(h.Item2)).Select(h => h.Name)]);
    }

    /// <summary>True when the two reports differ in nothing but <c>last-updated</c> (so there is nothing to publish).</summary>
    public static bool SameExceptLastUpdated(string? previous, string current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return false;
        }

        try
        {
            return string.Equals(WithoutTimestamp(previous), WithoutTimestamp(current), StringComparison.Ordinal);
        }
        catch (TomlException)
        {
            return false;
        }
    }

    /// <summary>The report's <c>last-updated</c>, or null when the text has none or cannot be read.</summary>
    public static DateTimeOffset? LastUpdatedOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return TomlParser.Parse(text).TryGetOffsetDateTime(LastUpdatedKey, out var value) ? value : null;
        }
        catch (TomlException)
        {
            return null;
        }
    }

    /// <summary>
    /// The report without its times: last-updated, and each app's last-attempt, so an attempt that repeats with the
    /// same result (a post command failing the same way every pass) is no news either.
    /// </summary>
    private static string WithoutTimestamp(string text)
    {
        var table = TomlParser.Parse(text);
        table.Remove(LastUpdatedKey);
        foreach (var key in table.Keys.ToList())
        {
            if (table[key] is TomlTable entry)
            {
                entry.Remove(LastAttemptKey);
            }
        }

        return TomlWriter.Write(table);
    }

    private static TomlTable? ReadPrevious(string? text, out string? error)
    {
        error = null;
        if (text is null)
        {
            return null;
        }

        try
        {
            return TomlParser.Parse(text);
        }
        catch (TomlException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static string? StatusOf(TomlTable entry) => entry.TryGetString("status", out var status) ? status : null;

    /// <summary>An app this pass did not report keeps its last entry; one that cannot be read becomes unknown, alone.</summary>
    private static TomlTable Carried(string app, TomlTable? previous, string? previousError)
    {
        if (previous is null)
        {
            return Unknown(previousError is null
                ? "this pass reported nothing for this app and there is no earlier entry"
                : $"the previous report could not be read: {previousError}");
        }

        if (!previous.TryGetValue(app, out var value))
        {
            return Unknown("this pass reported nothing for this app and there is no earlier entry");
        }

        if (value is not TomlTable entry || !entry.TryGetString("status", out var status) || status.Length == 0)
        {
            return Unknown($"the previous entry [{app}] is not a table with a status string");
        }

        return entry;
    }

    private static TomlTable Unknown(string reason) => new()
    {
        { "status", StatusLabels.Unknown },
        { "error", reason },
    };

    /// <summary>
    /// The app's entry: what is (status, commits, drift, local changes) from this pass; what the last attempt did and
    /// returned (the keys in <see cref="AttemptKeys"/>) from this pass only when it attempted something, else as the
    /// previous report has them. A quiet pass after a deployment then leaves the entry as it was, so the report
    /// neither commits nor pushes only to say "nothing happened this time".
    /// </summary>
    private static TomlTable FromOutcome(AppOutcome outcome, TomlTable? previous, DateTimeOffset now)
    {
        var attempted = IsAttempt(outcome);
        var sticky = !attempted && previous is not null && previous.ContainsKey(LastAttemptKey);
        object Attempt(string key, object fresh) => sticky && previous!.TryGetValue(key, out var kept) ? kept : fresh;

        var entry = new TomlTable { { "status", outcome.Status } };
        AddIfPresent(entry, "error", outcome.Error);
        AddIfPresent(entry, "desired-commit", outcome.DesiredCommit);
        AddIfPresent(entry, "actual-commit", outcome.ActualCommit);
        // What still differs now: an attempt that left the app healthy healed what it found (its actions say what).
        var remaining = outcome.Changed && outcome.Healthy ? [] : outcome.Drift;
        entry.Add("drift", Strings(remaining.Select(Kebab)));
        entry.Add("changed", Attempt("changed", outcome.Changed));
        AddIfPresent(entry, "code-local-path", outcome.CodeLocalPath);
        AddAttemptList(entry, "actions", outcome.Actions, sticky, previous);
        AddAttemptList(entry, "preserved-changes", outcome.PreservedChanges, sticky, previous);
        AddAttemptList(entry, "config-backups", outcome.ConfigBackups, sticky, previous);
        AddList(entry, "warnings", outcome.Warnings);
        if (attempted)
        {
            entry.Add(LastAttemptKey, now);
        }
        else if (sticky)
        {
            entry.Add(LastAttemptKey, previous![LastAttemptKey]);
        }

        entry.Add("config-updation", Step(outcome.ConfigUpdate, sticky ? previous!.TryGetTable("config-updation", out var configStep) ? configStep : null : null));
        entry.Add("app-updation", Step(outcome.AppUpdate, sticky ? previous!.TryGetTable("app-updation", out var appStep) ? appStep : null : null));
        entry.Add("extra-command-output", Attempt("extra-command-output", Commands(outcome.Commands)));
        AddLifecycle(entry, outcome);
        return entry;
    }

    /// <summary>
    /// The lifecycle keys, each only when it says something, so a report of an app without them is as before: the health
    /// check (its output only when it failed: a passing check's changing output would make a commit every pass), the
    /// held failed commit and the commit rolled back to, a suspension, manual sync, removal.
    /// </summary>
    private static void AddLifecycle(TomlTable entry, AppOutcome outcome)
    {
        if (outcome.HealthCheck is { } check)
        {
            var table = new TomlTable
            {
                { "command", check.Command },
                { "result", check.Result },
                { "return-code", (long)check.ExitCode },
                { "tries", (long)check.Tries },
            };
            if (!check.Passed)
            {
                table.Add("timed-out", check.TimedOut);
                table.Add("output", check.Output);
            }

            entry.Add("health-check", table);
        }

        AddIfPresent(entry, "failed-commit", outcome.FailedCommit);
        AddIfPresent(entry, "rolled-back-to", outcome.RolledBackTo);
        if (outcome.FailedCommit is not null)
        {
            entry.Add("failed-attempts", (long)outcome.FailedAttempts);
            entry.Add("on-failure", outcome.OnFailure.ToString().ToLowerInvariant());
        }

        if (outcome.Suspension is { } suspension)
        {
            var table = new TomlTable { { "reason", suspension.Reason }, { "by", suspension.By } };
            if (suspension.Until is { } until)
            {
                table.Add("until", ToSeconds(until));
            }

            entry.Add("suspended", table);
        }

        if (outcome.Sync == Configuration.SyncMode.Manual)
        {
            entry.Add("sync", "manual");
        }

        if (outcome.Removed)
        {
            entry.Add("removed", true);
            AddIfPresent(entry, "removed-to", outcome.RemovedTo);
        }
    }

    /// <summary>Keys that describe the last attempt, not the present: kept from the previous report by a quiet pass.</summary>
    public static IReadOnlyList<string> AttemptKeys { get; } =
        ["changed", "actions", "preserved-changes", "config-backups", "extra-command-output", LastAttemptKey,
         "config-updation.attempted", "config-updation.updation-return-value", "config-updation.error",
         "app-updation.attempted", "app-updation.updation-return-value", "app-updation.error"];

    public const string LastAttemptKey = "last-attempt";

    /// <summary>True when the pass did something for the app, or tried to and failed.</summary>
    private static bool IsAttempt(AppOutcome outcome) =>
        !outcome.HeldBack && (outcome.Changed || outcome.Commands.Count > 0 || outcome.AppUpdate.Attempted || outcome.ConfigUpdate.Attempted || outcome.Error is not null);

    private static TomlTable? PreviousEntry(TomlTable? previous, string app) =>
        previous is not null && previous.TryGetValue(app, out var value) && value is TomlTable entry ? entry : null;

    private static void AddAttemptList(TomlTable entry, string key, IReadOnlyList<string> fresh, bool sticky, TomlTable? previous)
    {
        if (sticky)
        {
            if (previous!.TryGetValue(key, out var kept))
            {
                entry.Add(key, kept);
            }
        }
        else
        {
            AddList(entry, key, fresh);
        }
    }

    /// <summary>An updation table: attempted, return value and error of the last attempt; git-status and the latest commit as they are now.</summary>
    private static TomlTable Step(StepResult step, TomlTable? lastAttempt)
    {
        object Kept(string key, object fresh) => lastAttempt is not null && lastAttempt.TryGetValue(key, out var value) ? value : fresh;
        var table = new TomlTable
        {
            { "updation-return-value", Kept("updation-return-value", (long)step.ReturnValue) },
            { "attempted", Kept("attempted", step.Attempted) },
            { "git-status", step.GitStatus },
        };
        AddIfPresent(table, "git-repo-latest-commit", step.LatestCommit);
        if (lastAttempt is not null)
        {
            if (lastAttempt.TryGetValue("error", out var error))
            {
                table.Add("error", error);
            }
        }
        else
        {
            AddIfPresent(table, "error", step.Error);
        }

        return table;
    }

    private static TomlTable Commands(IReadOnlyList<CommandRun> runs)
    {
        var table = new TomlTable();
        foreach (var run in runs)
        {
            var stage = StageKey(run.Stage);
            if (table.ContainsKey(stage + "-command"))
            {
                continue;
            }

            table.Add(stage + "-command", run.Command);
            table.Add(stage + "-return-code", (long)run.ExitCode);
            table.Add(stage + "-timed-out", run.TimedOut);
            table.Add(stage + "-log", run.Log);
        }

        return table;
    }

    /// <summary><c>pre</c>, <c>post</c>, or any other stage name made into a bare key.</summary>
    private static string StageKey(string stage)
    {
        var builder = new StringBuilder();
        foreach (var c in stage.Trim().ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var key = builder.ToString().Trim('-');
        return key.Length == 0 ? "command" : key;
    }

    private static string Kebab(DriftReason reason)
    {
        var name = reason.ToString();
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static DateTimeOffset ToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static void AddIfPresent(TomlTable table, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            table.Add(key, value);
        }
    }

    private static void AddList(TomlTable table, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            table.Add(key, Strings(values));
        }
    }

    private static TomlArray Strings(IEnumerable<string> values) => new(values.Cast<object>());

    internal static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
