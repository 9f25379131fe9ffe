using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Operations;

/// <summary>
/// App names for tab completion: read leniently from the agent config's [applications], so completion still helps
/// while some other part of the file is wrong. Never throws.
/// </summary>
public static class AppNameSource
{
    public static IReadOnlyList<string> Read(string? configPath)
    {
        try
        {
            var path = AgentPaths.ConfigPathFromEnvironment(string.IsNullOrWhiteSpace(configPath) ? null : configPath);
            if (!File.Exists(path))
            {
                return [];
            }

            var root = TomlParser.Parse(File.ReadAllBytes(path), path);
            return root.TryGetValue("applications", out var value) && value is TomlTable applications
                ? applications.Keys.ToList()
                : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TomlException or ArgumentException or NotSupportedException)
        {
            return [];
        }
    }

    /// <summary>The names that start with <paramref name="prefix"/> (case-insensitive, as PowerShell completes).</summary>
    public static IReadOnlyList<string> Complete(string? configPath, string? prefix) =>
        Read(configPath).Where(name => name.StartsWith(prefix ?? string.Empty, StringComparison.OrdinalIgnoreCase)).ToList();
}
