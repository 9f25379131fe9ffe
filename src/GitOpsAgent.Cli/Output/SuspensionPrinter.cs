using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cli.Output;

/// <summary>The --json of suspend and resume: the app's suspension after the command.</summary>
internal static class SuspensionPrinter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(SuspensionState state)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("app", state.Name);
            json.WriteBoolean("suspended", state.Suspended);
            json.WriteString("reason", state.Reason);
            json.WriteString("by", state.By);
            WriteTime(json, "since", state.Since);
            WriteTime(json, "until", state.Until);
            json.WriteString("message", state.Message);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, time);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
