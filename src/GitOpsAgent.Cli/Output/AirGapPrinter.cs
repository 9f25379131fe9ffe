using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitOpsAgent.Core.AirGap;

namespace GitOpsAgent.Cli.Output;

/// <summary>What bundle, import, export-reports and import-reports print: one paragraph each, or one JSON document.</summary>
internal static class AirGapPrinter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(BundleCreated created)
    {
        var manifest = created.Manifest;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{created.Path}: {Size(created.Bytes)} for {manifest.Device} from {manifest.ConfigUrl}@{manifest.Branch} ({created.BaseNote})\n");
        text.Append(CultureInfo.InvariantCulture, $"  config  {Short(manifest.ConfigCommit)}  {(manifest.ConfigIncluded ? "included" : "the device has it")}\n");
        foreach (var app in manifest.Apps)
        {
            var what = !app.Included ? "the device runs it already" : app.Base is null ? "included with its history" : $"included, new since {Short(app.Base)}";
            text.Append(CultureInfo.InvariantCulture, $"  {app.Name}  {Short(app.Commit)}  {what}\n");
        }

        foreach (var warning in created.Warnings)
        {
            text.Append("warning: ").Append(warning).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"Carry it to {manifest.Device} and run: gitops-agent import {Path.GetFileName(created.Path)}\n");
        return text.ToString();
    }

    public static string Json(BundleCreated created) => Write(json =>
    {
        json.WriteString("path", created.Path);
        json.WriteNumber("bytes", created.Bytes);
        json.WriteString("base", created.BaseNote);
        WriteManifest(json, created.Manifest);
        json.WriteStartArray("prerequisites");
        foreach (var commit in created.Prerequisites)
        {
            json.WriteStringValue(commit);
        }

        json.WriteEndArray();
        WriteStrings(json, "warnings", created.Warnings);
    });

    public static string Json(BundleImportResult result) => Write(json =>
    {
        json.WriteString("path", result.Path);
        json.WriteString("device", result.Device);
        json.WriteString("configRepo", result.ConfigRepo);
        json.WriteString("bundledFrom", result.BundledFrom);
        json.WriteString("configCommit", result.ConfigCommit);
        json.WriteBoolean("full", result.Full);
        json.WriteString("created", result.Created);
        json.WriteString("status", result.Status);
        json.WriteBoolean("needsAttention", result.NeedsAttention);
        json.WritePropertyName("pass");
        if (result.Pass is { } pass)
        {
            json.WriteRawValue(PassPrinter.Json(pass), skipInputValidation: false);
        }
        else
        {
            json.WriteNullValue();
        }

        json.WriteStartArray("published");
        foreach (var published in result.Published)
        {
            json.WriteStartObject();
            json.WriteString("branch", published.Branch);
            json.WriteBoolean("pushed", published.Pushed);
            json.WriteBoolean("pendingOffline", published.PendingOffline);
            json.WriteString("message", published.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    public static string Json(ReportsExported exported) => Write(json =>
    {
        if (exported.Path is null)
        {
            json.WriteNull("path");
        }
        else
        {
            json.WriteString("path", exported.Path);
        }

        json.WriteNumber("bytes", exported.Bytes);
        json.WriteString("device", exported.Device);
        json.WriteNumber("reports", exported.Reports);
        json.WriteStartArray("queues");
        foreach (var queue in exported.Queues)
        {
            json.WriteStartObject();
            json.WriteString("configRepo", $"{queue.ConfigUrl}@{queue.Branch}");
            json.WriteNumber("reports", queue.Reports);
            json.WriteString("tip", queue.Tip);
            if (queue.Base is null)
            {
                json.WriteNull("base");
            }
            else
            {
                json.WriteString("base", queue.Base);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("message", exported.Message);
    });

    public static string Json(ReportsImported imported) => Write(json =>
    {
        json.WriteString("path", imported.Path);
        json.WriteString("device", imported.Device);
        json.WriteString("configRepo", imported.ConfigRepo);
        json.WriteString("branch", imported.Branch);
        json.WriteNumber("queued", imported.Queued);
        json.WriteNumber("published", imported.Published);
        json.WriteNumber("alreadyThere", imported.AlreadyThere);
        json.WriteNumber("pushRetries", imported.PushRetries);
        json.WriteString("message", imported.Message);
    });

    private static void WriteManifest(Utf8JsonWriter json, ConfigBundleManifest manifest)
    {
        json.WriteString("device", manifest.Device);
        json.WriteString("configRepo", $"{manifest.ConfigUrl}@{manifest.Branch}");
        json.WriteString("configCommit", manifest.ConfigCommit);
        json.WriteBoolean("configIncluded", manifest.ConfigIncluded);
        json.WriteBoolean("full", manifest.Full);
        json.WriteStartArray("apps");
        foreach (var app in manifest.Apps)
        {
            json.WriteStartObject();
            json.WriteString("name", app.Name);
            json.WriteString("codeUrl", app.CodeUrl);
            json.WriteString("commit", app.Commit);
            json.WriteBoolean("included", app.Included);
            if (app.Base is null)
            {
                json.WriteNull("base");
            }
            else
            {
                json.WriteString("base", app.Base);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    private static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB");
}
