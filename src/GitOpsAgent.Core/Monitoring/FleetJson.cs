using System.Text.Encodings.Web;
using System.Text.Json;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>The fleet view as JSON: an array of rows with camelCase names, for scripts and dashboards.</summary>
public static class FleetJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Status labels carry emoji; keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(IReadOnlyList<FleetRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return JsonSerializer.Serialize(rows, Options);
    }
}
