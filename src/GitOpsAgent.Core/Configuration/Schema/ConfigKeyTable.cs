using System.Globalization;
using System.Text;

namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>The README's key reference tables (Markdown), written from the schemas.</summary>
public static class ConfigKeyTable
{
    public static string Markdown(IReadOnlyList<ConfigKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var text = new StringBuilder();
        text.Append("| key | type | default | description | example |\n| --- | --- | --- | --- | --- |\n");
        foreach (var key in keys)
        {
            Row(text, key, key.Name);
            foreach (var entry in key.Entries)
            {
                Row(text, entry, $"{key.Name}[].{entry.Name}");
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, ConfigKey key, string name)
    {
        var type = key.Kind switch
        {
            ConfigValueKind.Text when key.AllowedValues.Count > 0 => string.Join(" \\| ", key.AllowedValues.Select(v => $"`\"{v}\"`")),
            ConfigValueKind.Text => key.AbsolutePath ? "string (absolute path)" : "string",
            ConfigValueKind.WholeNumber => "integer" + (key.RangeText is { } range ? $", {range.Replace("of ", string.Empty, StringComparison.Ordinal)}" : string.Empty),
            ConfigValueKind.Flag => "boolean",
            ConfigValueKind.Table => "table",
            ConfigValueKind.TableList => "array of tables",
            ConfigValueKind.TextList => "array of strings",
            _ => key.Kind.ToString(),
        };
        var fallback = key.Required ? "required" : key.Default switch
        {
            null => "none",
            bool flag => flag ? "`true`" : "`false`",
            IFormattable number => $"`{number.ToString(null, CultureInfo.InvariantCulture)}`",
            string word => $"`\"{word}\"`",
            var other => $"`{other}`",
        };
        text.Append(CultureInfo.InvariantCulture, $"| `{name}` | {type} | {fallback} | {Cell(key.Description)} | `{Cell(key.Example)}` |\n");
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
