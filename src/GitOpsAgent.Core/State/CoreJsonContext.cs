using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsAgent.Core.Monitoring;

namespace GitOpsAgent.Core.State;

/// <summary>
/// Source-generated JSON for the fleet view that <c>status --fleet --json</c> prints, so it works trimmed and
/// NativeAOT-compiled without reflection. The files a pass reads and writes do without the serializer (<see cref="JsonFields"/>).
/// </summary>
[JsonSerializable(typeof(IReadOnlyList<FleetRow>))]
internal sealed partial class CoreJsonContext : JsonSerializerContext
{
    public static CoreJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Status labels carry emoji; keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
