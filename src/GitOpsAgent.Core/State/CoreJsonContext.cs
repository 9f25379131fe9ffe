using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.State;

/// <summary>
/// Source-generated JSON for what Core saves and prints, so the engine works trimmed and NativeAOT-compiled
/// (the small-memory build of gitops-agent) without reflection.
/// </summary>
[JsonSerializable(typeof(PassReport))]
[JsonSerializable(typeof(IReadOnlyList<FleetRow>))]
[JsonSerializable(typeof(Lifecycle.AppRecord))]
[JsonSerializable(typeof(Lifecycle.AppSuspension))]
internal sealed partial class CoreJsonContext : JsonSerializerContext
{
    public static CoreJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Status labels carry emoji; keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            new JsonStringEnumConverter<DriftReason>(),
            new JsonStringEnumConverter<Configuration.FailurePolicy>(),
            new JsonStringEnumConverter<Configuration.SyncMode>(),
            new JsonStringEnumConverter<Configuration.RemovalPolicy>(),
        },
    });
}
