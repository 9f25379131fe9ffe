using GitOpsAgent.Core.Reports;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>Turns the device reports found on one monitoring branch into fleet rows, worst first.</summary>
public static class FleetRows
{
    public const int StaleIntervals = 3;

    /// <param name="source">The config repo (url@branch) the branch belongs to.</param>
    /// <param name="reports">Each <c>&lt;device&gt;.toml</c> on the branch, by file name.</param>
    /// <param name="now">When staleness is judged.</param>
    /// <param name="defaultIntervalSeconds">The interval assumed for a device whose report does not record its own.</param>
    public static IReadOnlyList<FleetRow> From(string source, IEnumerable<(string FileName, string Text)> reports, DateTimeOffset now, int defaultIntervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = new List<FleetRow>();
        foreach (var (fileName, text) in reports)
        {
            rows.AddRange(FromReport(source, Path.GetFileNameWithoutExtension(fileName), text, now, defaultIntervalSeconds));
        }

        return WorstFirst(rows);
    }

    public static IReadOnlyList<FleetRow> WorstFirst(IEnumerable<FleetRow> rows) =>
        [.. rows.OrderBy(Rank)
            .ThenBy(r => r.Source, StringComparer.Ordinal)
            .ThenBy(r => r.Device, StringComparer.Ordinal)
            .ThenBy(r => r.App, StringComparer.Ordinal)];

    private static int Rank(FleetRow row) =>
        row.Status.StartsWith('❌') ? 0
        : row.Status.StartsWith('❓') ? 1
        : !row.Healthy ? 2
        : row.Stale ? 3
        : 4;

    private static List<FleetRow> FromReport(string source, string device, string text, DateTimeOffset now, int defaultInterval)
    {
        TomlTable table;
        try
        {
            table = TomlParser.Parse(text, device + ".toml");
        }
        catch (TomlException ex)
        {
            List<FleetRow> unreadable = [new FleetRow { Source = source, Device = device, App = string.Empty, Status = StatusLabels.Unknown, Error = ex.Message }];
            return unreadable;
        }

        DateTimeOffset? lastUpdated = table.TryGetOffsetDateTime(HealthReportWriter.LastUpdatedKey, out var updated) ? updated : null;
        int? interval = table.TryGetInteger(HealthReportWriter.IntervalKey, out var seconds) && seconds > 0 && seconds <= int.MaxValue ? (int)seconds : null;
        var judgeBy = interval ?? defaultInterval;
        // A device with a heartbeat is only expected to speak once per heartbeat when nothing changes.
        var heartbeat = table.TryGetInteger(HealthReportWriter.HeartbeatKey, out var beat) && beat > 0 ? beat : 0;
        var stale = lastUpdated is { } last && judgeBy > 0 && now - last > TimeSpan.FromSeconds(((double)judgeBy * StaleIntervals) + heartbeat);
        var overall = table.TryGetString(HealthReportWriter.OverallStatusKey, out var o) ? o : null;
        var rows = new List<FleetRow>();
        foreach (var (key, value) in table)
        {
            if (value is not TomlTable entry)
            {
                continue;
            }

            var status = entry.TryGetString("status", out var s) && s.Length > 0 ? s : StatusLabels.Unknown;
            var commit = entry.TryGetString("actual-commit", out var actual) ? actual : entry.TryGetString("desired-commit", out var desired) ? desired : null;
            rows.Add(new FleetRow
            {
                Source = source,
                Device = device,
                App = key,
                Status = status,
                Commit = commit,
                LastUpdated = lastUpdated,
                IntervalSeconds = interval,
                Stale = stale,
                OverallStatus = overall,
            });
        }

        if (rows.Count == 0)
        {
            rows.Add(new FleetRow
            {
                Source = source,
                Device = device,
                App = string.Empty,
                Status = overall ?? StatusLabels.Unknown,
                LastUpdated = lastUpdated,
                IntervalSeconds = interval,
                Stale = stale,
                OverallStatus = overall,
            });
        }

        return rows;
    }
}
