using System.Text.Json;
using GitOpsAgent.Core.Lifecycle;
using static GitOpsAgent.Core.State.JsonFields;

namespace GitOpsAgent.Core.State;

/// <summary>A suspension as its own file under <c>state/suspended/</c> and inside the saved pass (see <see cref="JsonFields"/>).</summary>
internal static class AppSuspensionJson
{
    public static string Write(AppSuspension suspension) => JsonFields.Write(json => WriteValue(json, suspension));

    public static AppSuspension Read(string text) => JsonFields.Read(text, ReadValue);

    public static void WriteValue(Utf8JsonWriter json, AppSuspension suspension)
    {
        json.WriteStartObject();
        json.WriteString("name", suspension.Name);
        json.WriteString("reason", suspension.Reason);
        WriteDate(json, "until", suspension.Until);
        WriteDate(json, "since", suspension.Since);
        json.WriteString("by", suspension.By);
        json.WriteEndObject();
    }

    public static AppSuspension ReadValue(JsonElement suspension) => new()
    {
        Name = RequiredString(suspension, "name"),
        Reason = RequiredString(suspension, "reason"),
        Until = OptionalDate(suspension, "until"),
        Since = OptionalDate(suspension, "since"),
        By = StringOr(suspension, "by", AppSuspension.ByDevice),
    };
}
