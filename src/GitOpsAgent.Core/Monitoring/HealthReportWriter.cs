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
            entries.Add((app, outcome is not null ? FromOutcome(outcome) : Carried(app, previous, previousError)));
        }

        var health = entries.Select(e => (e.Name, StatusLabels.IsHealthy(StatusOf(e.Entry)))).ToList();
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
            [.. health.Where(h => !h.Item2).Select(h => h.Name)]);
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

    private static string WithoutTimestamp(string text)
    {
        var table = TomlParser.Parse(text);
        table.Remove(LastUpdatedKey);
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

    private static TomlTable FromOutcome(AppOutcome outcome)
    {
        var entry = new TomlTable { { "status", outcome.Status } };
        AddIfPresent(entry, "error", outcome.Error);
        AddIfPresent(entry, "desired-commit", outcome.DesiredCommit);
        AddIfPresent(entry, "actual-commit", outcome.ActualCommit);
        entry.Add("drift", Strings(outcome.Drift.Select(Kebab)));
        entry.Add("changed", outcome.Changed);
        AddIfPresent(entry, "code-local-path", outcome.CodeLocalPath);
        AddList(entry, "actions", outcome.Actions);
        AddList(entry, "preserved-changes", outcome.PreservedChanges);
        AddList(entry, "config-backups", outcome.ConfigBackups);
        AddList(entry, "warnings", outcome.Warnings);
        entry.Add("config-updation", Step(outcome.ConfigUpdate));
        entry.Add("app-updation", Step(outcome.AppUpdate));
        entry.Add("extra-command-output", Commands(outcome.Commands));
        return entry;
    }

    private static TomlTable Step(StepResult step)
    {
        var table = new TomlTable
        {
            { "updation-return-value", (long)step.ReturnValue },
            { "attempted", step.Attempted },
            { "git-status", step.GitStatus },
        };
        AddIfPresent(table, "git-repo-latest-commit", step.LatestCommit);
        AddIfPresent(table, "error", step.Error);
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
