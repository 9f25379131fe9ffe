using System.Globalization;
using System.Text;
using GitOpsAgent.Core.Configuration.Schema;
using GitOpsAgent.Core.State;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// Changes the agent config as an operator would by hand: only the lines concerned change, comments and layout of
/// every other line survive, the result is validated before anything is written, and the write is atomic. A missing
/// file is started from the commented template.
/// </summary>
public static class AgentConfigEditor
{
    /// <summary>Applies <paramref name="change"/> to the file's text and validates it; throws <see cref="ConfigurationException"/> when the result would not load.</summary>
    public static AgentConfigEdit Prepare(string path, AgentConfigChange change)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(change);
        var full = System.IO.Path.GetFullPath(path);
        var original = File.Exists(full) ? File.ReadAllText(full, Encoding.UTF8) : null;
        var (text, changes) = Apply(original ?? AgentConfigTemplate.Text, change, full);
        var config = AgentConfigLoader.Parse(text, full);
        return new AgentConfigEdit { Path = full, OriginalText = original, NewText = text, Config = config, Changes = changes };
    }

    /// <summary>Writes a prepared edit atomically, keeping the file's permissions.</summary>
    public static void Save(AgentConfigEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var mode = !edit.Creates && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(edit.Path) : (UnixFileMode?)null;
        AtomicFile.WriteAllText(edit.Path, edit.NewText);
        if (mode is { } keep && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(edit.Path, keep);
        }
    }

    /// <summary>The text with <paramref name="change"/> applied, and a line per change; the text is not validated as a config here.</summary>
    public static (string Text, IReadOnlyList<string> Changes) Apply(string text, AgentConfigChange change, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(change);
        TomlEditor editor;
        try
        {
            editor = TomlEditor.Parse(text, sourceName);
        }
        catch (TomlParseException ex)
        {
            var findings = new FindingList(sourceName);
            findings.AddParseError(ex);
            throw new ConfigurationException(findings.Items);
        }

        var changes = new List<string>();
        try
        {
            // In schema order, so the list of changes reads the same whatever order they were given in.
            foreach (var key in AgentConfigSchema.Keys.Where(k => change.Values.ContainsKey(k.Name)))
            {
                var value = change.Values[key.Name];
                if (value is IEnumerable<string> list)
                {
                    // A string array (Set-GitOpsConfig -Redact a,b) is written as a TOML array of strings.
                    value = new TomlArray(list);
                }

                // A key the file leaves out already has its default (an empty list for a list): setting that writes
                // nothing, so a config piped through Get-GitOpsConfig | Set-GitOpsConfig comes back as it was.
                var absentAtDefault = !editor.Document.ContainsKey(key.Name) && (Equals(value, key.Default) || value is TomlArray { Count: 0 });
                if (!absentAtDefault && !Holds(editor.Document, value, key.Name))
                {
                    editor.Set([key.Name], value);
                    changes.Add(value switch
                    {
                        string textValue => $"{key.Name} = \"{textValue}\"",
                        TomlArray items => $"{key.Name} = [{string.Join(", ", items.Select(item => $"\"{item}\""))}]",
                        bool flag => $"{key.Name} = {(flag ? "true" : "false")}",
                        _ => string.Create(CultureInfo.InvariantCulture, $"{key.Name} = {value}"),
                    });
                }
            }

            if (change.Values.Keys.FirstOrDefault(name => AgentConfigSchema.Find(name) is not { SettableAsValue: true }) is { } unknown)
            {
                throw new InvalidOperationException($"\"{unknown}\" is not a key of the agent config that can be set to a value; the keys are {string.Join(", ", AgentConfigSchema.Keys.Where(k => k.SettableAsValue).Select(k => k.Name))}.");
            }

            foreach (var name in change.RemoveApplications.Distinct(StringComparer.Ordinal))
            {
                if (editor.Remove(["applications", name]))
                {
                    changes.Add($"remove application {name}");
                }
            }

            foreach (var (name, source) in change.SetApplications.Where(app => !Holds(editor.Document, app.Value, "applications", app.Key)))
            {
                editor.Set(["applications", name], source);
                changes.Add($"application {name} = \"{source}\"");
            }
        }
        catch (InvalidOperationException ex)
        {
            // The file's shape does not allow the edit (applications is not a table, say): say so, write nothing.
            throw new ConfigurationException([new ConfigFinding { Severity = FindingSeverity.Error, File = sourceName, Message = ex.Message }]);
        }

        return (editor.ToString(), changes);
    }

    /// <summary>True when the document already has <paramref name="value"/> at the key path, so setting it is no change.</summary>
    private static bool Holds(TomlTable document, object value, params string[] keyPath)
    {
        object? current = document;
        foreach (var key in keyPath)
        {
            if (current is not TomlTable table || !table.TryGetValue(key, out current))
            {
                return false;
            }
        }

        return current is TomlArray have && value is TomlArray want ? have.SequenceEqual(want) : Equals(current, value);
    }
}
