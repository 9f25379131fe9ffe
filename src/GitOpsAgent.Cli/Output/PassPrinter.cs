using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Cli.Output;

/// <summary>Prints a pass as the operator's table (one row per app) or as the documented JSON.</summary>
internal static class PassPrinter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Table(PassReport report)
    {
        var table = new TextTable("APP", "STATUS", "COMMIT", "DRIFT", report.DryRun ? "PLAN" : "ACTION");
        foreach (var app in report.Apps)
        {
            table.Add(app.Name, app.Status, CommitCell(app), app.Drift.Count == 0 ? "-" : string.Join(",", app.Drift), ActionCell(app, report.DryRun));
        }

        var text = new StringBuilder(table.ToString());
        foreach (var app in report.Apps)
        {
            if (report.DryRun && app.Actions.Count > 0)
            {
                text.Append('\n').Append(app.Name).Append(" would:\n");
                foreach (var action in app.Actions)
                {
                    text.Append("  - ").Append(action).Append('\n');
                }
            }

            if (app.Error is not null)
            {
                text.Append('\n').Append(app.Name).Append(": ").Append(app.Error.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
            }

            foreach (var warning in app.Warnings)
            {
                text.Append(app.Name).Append(": warning: ").Append(warning).Append('\n');
            }

            foreach (var kept in app.PreservedChanges)
            {
                text.Append(app.Name).Append(": local changes kept at ").Append(kept).Append('\n');
            }

            foreach (var backup in app.ConfigBackups)
            {
                text.Append(app.Name).Append(": replaced config file backed up to ").Append(backup).Append('\n');
            }
        }

        foreach (var warning in report.Warnings)
        {
            text.Append("warning: ").Append(warning).Append('\n');
        }

        text.Append('\n').Append(report.OverallStatus).Append('\n');
        return text.ToString();
    }

    public static string Json(PassReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("infra", report.InfraName);
            json.WriteString("overallStatus", report.OverallStatus);
            json.WriteBoolean("dryRun", report.DryRun);
            json.WriteString("startedAt", report.StartedAt);
            json.WriteString("finishedAt", report.FinishedAt);
            json.WriteStartArray("apps");
            foreach (var app in report.Apps)
            {
                json.WriteStartObject();
                json.WriteString("app", app.Name);
                json.WriteString("status", app.Status);
                json.WriteBoolean("healthy", app.Healthy);
                json.WriteBoolean("changed", app.Changed);
                json.WriteStartArray("drift");
                foreach (var reason in app.Drift)
                {
                    json.WriteStringValue(reason.ToString());
                }

                json.WriteEndArray();
                json.WriteString("desiredCommit", app.DesiredCommit);
                json.WriteString("actualCommit", app.ActualCommit);
                json.WriteString("error", app.Error);
                json.WriteStartArray("actions");
                foreach (var action in app.Actions)
                {
                    json.WriteStringValue(action);
                }

                json.WriteEndArray();
                json.WriteStartArray("preservedChanges");
                foreach (var kept in app.PreservedChanges)
                {
                    json.WriteStringValue(kept);
                }

                json.WriteEndArray();
                json.WriteStartArray("configBackups");
                foreach (var backup in app.ConfigBackups)
                {
                    json.WriteStringValue(backup);
                }

                json.WriteEndArray();
                json.WriteStartArray("warnings");
                foreach (var warning in app.Warnings)
                {
                    json.WriteStringValue(warning);
                }

                json.WriteEndArray();
                WriteLifecycle(json, app);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Health check, held failure, rollback, suspension, sync mode and removal of one app.</summary>
    private static void WriteLifecycle(Utf8JsonWriter json, AppOutcome app)
    {
        json.WriteBoolean("needsAttention", app.NeedsAttention);
        json.WriteBoolean("heldBack", app.HeldBack);
        if (app.HealthCheck is { } check)
        {
            json.WriteStartObject("healthCheck");
            json.WriteString("command", check.Command);
            json.WriteString("result", check.Result);
            json.WriteNumber("exitCode", check.ExitCode);
            json.WriteBoolean("timedOut", check.TimedOut);
            json.WriteNumber("tries", check.Tries);
            json.WriteString("output", check.Output);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("healthCheck");
        }

        json.WriteString("failedStep", app.FailedStep);
        json.WriteString("failedCommit", app.FailedCommit);
        json.WriteString("rolledBackTo", app.RolledBackTo);
        json.WriteNumber("failedAttempts", app.FailedAttempts);
        json.WriteString("onFailure", app.OnFailure.ToString().ToLowerInvariant());
        json.WriteString("sync", app.Sync.ToString().ToLowerInvariant());
        if (app.Suspension is { } suspension)
        {
            json.WriteStartObject("suspended");
            json.WriteString("reason", suspension.Reason);
            json.WriteString("by", suspension.By);
            if (suspension.Until is { } until)
            {
                json.WriteString("until", until);
            }
            else
            {
                json.WriteNull("until");
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("suspended");
        }

        json.WriteBoolean("removed", app.Removed);
        json.WriteString("removedTo", app.RemovedTo);
        json.WriteStartArray("commands");
        foreach (var command in app.Commands)
        {
            json.WriteStartObject();
            json.WriteString("stage", command.Stage);
            json.WriteString("command", command.Command);
            json.WriteNumber("exitCode", command.ExitCode);
            json.WriteBoolean("timedOut", command.TimedOut);
            json.WriteString("log", command.Log);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string CommitCell(AppOutcome app)
    {
        if (app.ActualCommit is null && app.DesiredCommit is null)
        {
            return "-";
        }

        var actual = CommitId.Abbreviate(app.ActualCommit);
        var desired = CommitId.Abbreviate(app.DesiredCommit);
        return app.ActualCommit is not null && app.DesiredCommit is not null && !app.ActualCommit.StartsWith(app.DesiredCommit, StringComparison.OrdinalIgnoreCase)
            ? $"{actual} (want {desired})"
            : app.ActualCommit is null ? $"- (want {desired})" : actual;
    }

    private static string ActionCell(AppOutcome app, bool dryRun)
    {
        if (app.Steps.Count == 0)
        {
            return "-";
        }

        var kinds = string.Join(",", app.Steps);
        return dryRun ? $"would {kinds}" : app.Error is not null ? $"failed ({kinds})" : app.Changed ? kinds : $"skipped ({kinds})";
    }
}
