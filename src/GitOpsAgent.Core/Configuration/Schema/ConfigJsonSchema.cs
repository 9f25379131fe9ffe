using System.Text;
using System.Text.Json;

namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>
/// JSON Schemas (draft-07, what Taplo / Even Better TOML read) for the agent config and for infra_meta.toml,
/// written from <see cref="AgentConfigSchema"/> and <see cref="InfraMetaSchema"/> so editors check exactly the keys,
/// types and ranges the loader checks. Unknown keys are marked as errors in the editor: the loader only warns,
/// but a typo is what an editor should catch as the operator types.
/// </summary>
public static class ConfigJsonSchema
{
    public const string AgentConfigFileName = "agent-config.schema.json";
    public const string InfraMetaFileName = "infra-meta.schema.json";

    public static string AgentConfig() => Write(writer =>
    {
        Header(writer, "GitOps Agent config (/etc/gitops-agent/config.toml)", "The device's agent config: its name, how often it polls, and the apps it runs.");
        Object(writer, AgentConfigSchema.Keys, key => key.Name == AgentConfigSchema.Applications ? ApplicationsTable : null);
    });

    public static string InfraMeta() => Write(writer =>
    {
        Header(writer, "GitOps Agent desired state (<infra_name>/infra_meta.toml)", "One table per application: the commit, folder, config files and hooks the device must have.");
        writer.WriteString("type", "object");
        writer.WriteStartObject("propertyNames");
        writer.WriteString("pattern", SafeName.Pattern);
        writer.WriteEndObject();
        writer.WriteStartObject("additionalProperties");
        writer.WriteString("$ref", "#/definitions/app");
        writer.WriteEndObject();
        writer.WriteStartObject("definitions");
        writer.WriteStartObject("app");
        writer.WriteString("description", "One application: its table name is the app name in the agent config's [applications].");
        Object(writer, InfraMetaSchema.Keys, _ => null);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static void ApplicationsTable(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "object");
        writer.WriteNumber("minProperties", 1);
        writer.WriteStartObject("propertyNames");
        writer.WriteString("pattern", SafeName.Pattern);
        writer.WriteEndObject();
        writer.WriteStartObject("additionalProperties");
        writer.WriteString("type", "string");
        writer.WriteNumber("minLength", 1);
        writer.WriteString("description", "\"<config repo url>@<branch>\"; the branch defaults to main.");
        writer.WriteEndObject();
    }

    private static void Header(Utf8JsonWriter writer, string title, string description)
    {
        writer.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
        writer.WriteString("title", title);
        writer.WriteString("description", description);
    }

    private static void Object(Utf8JsonWriter writer, IReadOnlyList<ConfigKey> keys, Func<ConfigKey, Action<Utf8JsonWriter>?> custom)
    {
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        foreach (var key in keys)
        {
            writer.WriteStartObject(key.Name);
            writer.WriteString("description", key.Description);
            if (custom(key) is { } write)
            {
                write(writer);
            }
            else
            {
                Property(writer, key);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        var required = keys.Where(key => key.Required).ToList();
        if (required.Count > 0)
        {
            writer.WriteStartArray("required");
            foreach (var key in required)
            {
                writer.WriteStringValue(key.Name);
            }

            writer.WriteEndArray();
        }

        writer.WriteBoolean("additionalProperties", false);
    }

    private static void Property(Utf8JsonWriter writer, ConfigKey key)
    {
        switch (key.Kind)
        {
            case ConfigValueKind.Text when key.AllowedValues.Count > 0:
                writer.WriteString("type", "string");
                writer.WriteStartArray("enum");
                foreach (var allowed in key.AllowedValues)
                {
                    writer.WriteStringValue(allowed);
                }

                writer.WriteEndArray();
                break;
            case ConfigValueKind.Text:
                writer.WriteString("type", "string");
                writer.WriteString("pattern", key.Pattern ?? "\\S");
                break;
            case ConfigValueKind.WholeNumber:
                writer.WriteString("type", "integer");
                if (key.Minimum is { } minimum)
                {
                    writer.WriteNumber("minimum", minimum);
                }

                // Whole numbers land in int properties, so int's range bounds every one.
                writer.WriteNumber("maximum", key.Maximum ?? int.MaxValue);
                break;
            case ConfigValueKind.Flag:
                writer.WriteString("type", "boolean");
                break;
            case ConfigValueKind.TableList:
                writer.WriteString("type", "array");
                writer.WriteStartObject("items");
                Object(writer, key.Entries, _ => null);
                writer.WriteEndObject();
                break;
            case ConfigValueKind.Table:
                writer.WriteString("type", "object");
                break;
            case ConfigValueKind.TextList:
                writer.WriteString("type", "array");
                writer.WriteStartObject("items");
                writer.WriteString("type", "string");
                writer.WriteNumber("minLength", 1);
                writer.WriteEndObject();
                break;
        }

        if (key.Default is { } value)
        {
            switch (value)
            {
                case long number:
                    writer.WriteNumber("default", number);
                    break;
                case bool flag:
                    writer.WriteBoolean("default", flag);
                    break;
                default:
                    writer.WriteString("default", value.ToString());
                    break;
            }
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
