using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent history`: every change of an app's status or commit, from the monitoring branch's history.</summary>
internal sealed class HistoryCommand : ICliCommand
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var device = CliOptions.Value("--device", "NAME", "only this device");
        var app = CliOptions.Value("--app", "NAME", "only this app");
        app.CompletionSources.Add(AppNameCompletion.From(common));
        var since = CliOptions.Time("--since", "only changes at or after this time (ISO 8601, e.g. 2026-11-20 or 2026-11-20T08:00Z)");
        var until = CliOptions.Time("--until", "only changes at or before this time (ISO 8601)");
        var json = CliOptions.Json();
        var verbose = CliOptions.Verbose("narrate each git step on stderr");
        var command = new AgentCommand("history", "every change of an app's status or commit, from the monitoring branches' history")
        {
            Details = "Reads the history of the <branch>-monitoring branch of each configured config repo (fetching it first) and\n" +
                "prints one row per change of an app's status or commit on a device, oldest first. History older than\n" +
                "monitoring_history_retention_days is squashed by the trim; the output says where the history starts.",
            ExitCodes = "0 read (even when nothing matched), 1 the agent config cannot be read.",
        };
        common.AddTo(command);
        foreach (var option in new Option[] { device, app, since, until, json, verbose })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => Run(context, common.Read(result), new HistoryQuery
        {
            Device = result.GetValue(device),
            App = result.GetValue(app),
            Since = result.GetValue(since),
            Until = result.GetValue(until),
        }, result.GetValue(json), result.GetValue(verbose)));
        return command;
    }

    private static int Run(CliContext context, CommonOptions common, HistoryQuery query, bool json, bool verbose)
    {
        var config = common.LoadConfig(context);
        if (config is null)
        {
            return ExitCodes.Failure;
        }

        var host = new ConsoleHost(context.Error, verbose, dryRun: false);
        var git = new GitClient(host: host) { Cancellation = context.Cancellation };
        return CommandGuard.Run(context, "stopped before the history was read.", () =>
        {
            var history = new FleetHistoryReader(common.Paths, git, host).Read(config, query, context.Cancellation);
            foreach (var note in history.Notes)
            {
                context.Error.WriteLine(note);
            }

            context.Output.Write(json ? Json(history) : Table(history));
            return ExitCodes.Success;
        });
    }

    private static string Table(FleetHistory history)
    {
        if (history.Entries.Count == 0)
        {
            return "No change matched.\n";
        }

        var table = new TextTable("TIME (UTC)", "DEVICE", "APP", "STATUS", "COMMIT", "WAS");
        foreach (var entry in history.Entries)
        {
            var was = entry.PreviousStatus is null ? "(first seen)" : $"{entry.PreviousStatus} {CommitId.Abbreviate(entry.PreviousCommit)}".TrimEnd();
            table.Add(entry.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), entry.Device, entry.App, entry.Status, CommitId.Abbreviate(entry.Commit), was);
        }

        return table.ToString();
    }

    private static string Json(FleetHistory history)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("notes");
            foreach (var note in history.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteStartArray("changes");
            foreach (var entry in history.Entries)
            {
                json.WriteStartObject();
                json.WriteString("time", entry.Time);
                json.WriteString("device", entry.Device);
                json.WriteString("app", entry.App);
                json.WriteString("status", entry.Status);
                json.WriteString("commit", entry.Commit);
                json.WriteString("previousStatus", entry.PreviousStatus);
                json.WriteString("previousCommit", entry.PreviousCommit);
                json.WriteString("error", entry.Error);
                json.WriteString("source", entry.Source);
                json.WriteString("monitoringCommit", entry.MonitoringCommit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
