using System.Text;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>The fleet view as an aligned text table, one row per device and app.</summary>
public static class FleetTableFormatter
{
    public const string StaleMarker = "⏳ stale";

    public static string Format(IReadOnlyList<FleetRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return "No device has published a report on the monitoring branch yet.\n";
        }

        var showSource = rows.Select(r => r.Source).Distinct(StringComparer.Ordinal).Skip(1).Any();
        var header = new List<string> { "DEVICE", "APP", "STATUS", "COMMIT", "LAST UPDATE" };
        if (showSource)
        {
            header.Add("CONFIG REPO");
        }

        var table = new List<List<string>> { header };
        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                row.Device,
                row.App.Length == 0 ? "-" : row.App,
                row.Status,
                ShortCommit(row.Commit),
                LastUpdate(row),
            };
            if (showSource)
            {
                cells.Add(row.Source);
            }

            table.Add(cells);
        }

        var widths = Enumerable.Range(0, header.Count).Select(column => table.Max(cells => DisplayWidth.Of(cells[column]))).ToList();
        var builder = new StringBuilder();
        foreach (var cells in table)
        {
            var line = new StringBuilder();
            for (var column = 0; column < cells.Count; column++)
            {
                line.Append(column == cells.Count - 1 ? cells[column] : DisplayWidth.PadRight(cells[column], widths[column] + 2));
            }

            builder.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return builder.ToString();
    }

    internal static string ShortCommit(string? commit) => string.IsNullOrEmpty(commit) ? "-" : commit.Length > 12 ? commit[..12] : commit;

    private static string LastUpdate(FleetRow row)
    {
        var text = row.LastUpdated is { } when ? HealthReportWriter.FormatTimestamp(when) : "never";
        return row.Stale ? $"{text} {StaleMarker}" : text;
    }
}
