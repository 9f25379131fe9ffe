using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Tests.Unit.State;

/// <summary>
/// The JSON serializer with the options the agent's state files were written with until they were written by hand
/// (camelCase, indented, emoji unescaped, enums as names): what the hand-written writers and readers must match.
/// </summary>
[JsonSerializable(typeof(PassReport))]
[JsonSerializable(typeof(AppRecord))]
[JsonSerializable(typeof(AppSuspension))]
internal sealed partial class SerializerOracle : JsonSerializerContext
{
    public static SerializerOracle Indented { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            new JsonStringEnumConverter<DriftReason>(),
            new JsonStringEnumConverter<FailurePolicy>(),
            new JsonStringEnumConverter<SyncMode>(),
            new JsonStringEnumConverter<RemovalPolicy>(),
        },
    });
}
