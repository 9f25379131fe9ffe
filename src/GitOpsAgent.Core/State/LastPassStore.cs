using System.Text.Json;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.State;

/// <summary>
/// Keeps the last pass's report under the agent home, so status can be shown (and published later)
/// without network access. Written atomically: a reader never sees half a file.
/// </summary>
public static class LastPassStore
{
    public static void Save(AgentPaths paths, PassReport report)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(report);
        AtomicFile.WriteAllText(paths.LastPassFile, JsonSerializer.Serialize(report, CoreJsonContext.Indented.PassReport));
    }

    /// <summary>The last saved pass, or null when no pass has run under this home yet.</summary>
    public static PassReport? Load(AgentPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!File.Exists(paths.LastPassFile))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(paths.LastPassFile), CoreJsonContext.Indented.PassReport);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{paths.LastPassFile}: the saved pass cannot be read ({ex.Message}). Run a new pass to replace it.", ex);
        }
    }
}
