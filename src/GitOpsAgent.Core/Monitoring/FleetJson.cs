using System.Text.Json;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>The fleet view as JSON: an array of rows with camelCase names, for scripts and dashboards.</summary>
public static class FleetJson
{
    public static string Serialize(IReadOnlyList<FleetRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return JsonSerializer.Serialize(rows, CoreJsonContext.Indented.IReadOnlyListFleetRow);
    }
}
