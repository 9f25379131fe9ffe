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
        AtomicFile.WriteAllText(paths.LastPassFile, PassReportJson.Write(report));
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
            return PassReportJson.Read(File.ReadAllText(paths.LastPassFile));
        }
        catch (JsonException ex)
        {
            throw Unreadable(paths, ex);
        }
    }

    /// <summary>
    /// Only when the last pass finished and each app's status in it, or null when no pass has run yet: what Get-GitOpsApp
    /// shows. Read by <see cref="Load"/>, which no longer pays the JSON serializer's metadata (see <see cref="PassReportJson"/>).
    /// </summary>
    public static LastPassStatuses? LoadStatuses(AgentPaths paths) => Load(paths) is { } report ? LastPassStatuses.Of(report) : null;

    private static InvalidDataException Unreadable(AgentPaths paths, Exception ex) =>
        new($"{paths.LastPassFile}: the saved pass cannot be read ({ex.Message}). Run a new pass to replace it.", ex);
}
