using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Configuration;

/// <summary>Collects findings about one file, placing each at the key (or table) it concerns.</summary>
internal sealed class FindingList(string file)
{
    private readonly List<ConfigFinding> _items = [];

    public string File { get; } = file;

    public IReadOnlyList<ConfigFinding> Items => _items;

    public bool HasErrors => _items.Any(f => f.Severity == FindingSeverity.Error);

    public void Error(TomlTable table, string? key, string message, string? app = null) => Add(FindingSeverity.Error, table, key, message, app);

    public void Warning(TomlTable table, string? key, string message, string? app = null) => Add(FindingSeverity.Warning, table, key, message, app);

    public void Add(ConfigFinding finding) => _items.Add(finding);

    public void AddParseError(TomlParseException ex) => _items.Add(new ConfigFinding
    {
        Severity = FindingSeverity.Error,
        File = File,
        Line = ex.Line,
        Column = ex.Column,
        Message = ex.Reason,
    });

    public void AddTypeError(TomlTypeException ex, string? app) => _items.Add(new ConfigFinding
    {
        Severity = FindingSeverity.Error,
        File = File,
        Line = ex.Position?.Line,
        Column = ex.Position?.Column,
        App = app,
        Key = ex.KeyPath,
        Message = TypeErrorReason(ex),
    });

    private static string TypeErrorReason(TomlTypeException ex)
    {
        // The exception's message repeats file, position and key, which the finding already carries.
        var message = ex.Message;
        var marker = ex.KeyPath + ": ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        var reason = at >= 0 ? message[(at + marker.Length)..] : message;
        // The fix: the key's documented form, from the schema that knows it.
        var name = ex.KeyPath.Split('.')[^1];
        var key = Schema.InfraMetaSchema.Find(name) ?? Schema.AgentConfigSchema.Find(name);
        return key is null ? reason : $"{reason}. Write for example {name} = {key.Example}.";
    }

    private void Add(FindingSeverity severity, TomlTable table, string? key, string message, string? app)
    {
        var position = key is null ? table.Position : table.GetKeyPosition(key) ?? table.Position;
        var path = key is null ? NullIfEmpty(table.KeyPath) : string.IsNullOrEmpty(table.KeyPath) ? key : $"{table.KeyPath}.{key}";
        _items.Add(new ConfigFinding
        {
            Severity = severity,
            File = File,
            Line = position?.Line,
            Column = position?.Column,
            App = app,
            Key = path,
            Message = message,
        });
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
