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
    /// Only when the last pass finished and each app's status in it (as <see cref="LastPassStatuses.Of"/> gives them
    /// from <see cref="Load"/>), or null when no pass has run yet. Read from the document as it is rather than into a
    /// PassReport: deserializing builds the JSON metadata of every type in a report, which a process pays for once, and
    /// that was the larger part of the first Get-GitOpsApp after Import-Module (bench/RESULTS.md, issue 19).
    /// </summary>
    public static LastPassStatuses? LoadStatuses(AgentPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!File.Exists(paths.LastPassFile))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(paths.LastPassFile));
            var root = document.RootElement;
            var finishedAt = root.TryGetProperty("finishedAt", out var finished) ? finished.GetDateTimeOffset() : default;
            var statuses = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (root.TryGetProperty("apps", out var apps) && apps.ValueKind != JsonValueKind.Null)
            {
                foreach (var app in apps.EnumerateArray())
                {
                    var name = app.TryGetProperty("name", out var named) ? named.GetString() : null;
                    // An app without a name, or a status the file leaves out, reads as AppOutcome does (required; healthy).
                    statuses.TryAdd(
                        name ?? throw new JsonException("an app in the saved pass has no name"),
                        app.TryGetProperty("status", out var status) ? status.GetString() : StatusLabels.Healthy);
                }
            }

            return new LastPassStatuses(finishedAt, statuses);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Unreadable(paths, ex);
        }
    }

    private static InvalidDataException Unreadable(AgentPaths paths, Exception ex) =>
        new($"{paths.LastPassFile}: the saved pass cannot be read ({ex.Message}). Run a new pass to replace it.", ex);
}
