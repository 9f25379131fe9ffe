using System.Text;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// The monitoring branch's README.md: the fleet table the git host renders. A pure function of the device
/// reports on the branch, so every device that regenerates it from the same files writes the same bytes.
/// </summary>
public static class FleetDashboard
{
    public const string FileName = "README.md";

    private const string TableRule = "| --- | --- | --- |";

    public static string Render(string branch, string source, IEnumerable<(string FileName, string Text)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        // Staleness depends on when the page is read, which a static page cannot know; times would change it every pass.
        return Render(branch, FleetRows.From(source, reports, DateTimeOffset.MinValue, 0));
    }

    /// <summary>
    /// The page after one device's report changed: the other devices' rows as the current page has them (for devices that
    /// still have a report on the branch), plus rows read from <paramref name="reports"/>. A publish needs only this
    /// page and its own report, never the other devices' reports.
    /// </summary>
    public static string Update(string branch, string source, string? currentPage, IReadOnlyCollection<string> devicesOnBranch, IEnumerable<(string FileName, string Text)> reports)
    {
        ArgumentNullException.ThrowIfNull(devicesOnBranch);
        ArgumentNullException.ThrowIfNull(reports);
        var fresh = FleetRows.From(source, reports, DateTimeOffset.MinValue, 0);
        var replaced = fresh.Select(row => row.Device).ToHashSet(StringComparer.Ordinal);
        var kept = ReadRows(source, currentPage).Where(row => !replaced.Contains(row.Device) && devicesOnBranch.Contains(row.Device));
        return Render(branch, FleetRows.WorstFirst(kept.Concat(fresh)));
    }

    /// <summary>True when two sets of one device's rows look the same on the page (app and status).</summary>
    public static bool SameRows(IReadOnlyList<FleetRow> before, IReadOnlyList<FleetRow> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        static string Shown(FleetRow row) => $"{row.Device}|{row.App}|{row.Status}";
        return before.Select(Shown).SequenceEqual(after.Select(Shown), StringComparer.Ordinal);
    }

    /// <summary>The devices that have a row on <paramref name="page"/>.</summary>
    public static IReadOnlySet<string> DevicesOn(string source, string? page) =>
        ReadRows(source, page).Select(row => row.Device).ToHashSet(StringComparer.Ordinal);

    /// <summary>The table rows of a page this class rendered; nothing from a page in another form.</summary>
    public static IReadOnlyList<FleetRow> ReadRows(string source, string? page)
    {
        var rows = new List<FleetRow>();
        if (page is null)
        {
            return rows;
        }

        var inTable = false;
        foreach (var line in page.Split('\n'))
        {
            // Also the rule of pages that had commit and time columns (written by earlier versions): their first cells are read.
            if (line.StartsWith(TableRule, StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (!inTable || !line.StartsWith("| ", StringComparison.Ordinal))
            {
                inTable = false;
                continue;
            }

            var cells = SplitCells(line);
            if (cells.Count is < 3 or > 5 || cells[0].Length == 0)
            {
                continue;
            }

            rows.Add(new FleetRow
            {
                Source = source,
                Device = cells[0],
                App = cells[1] == "-" ? string.Empty : cells[1],
                Status = cells[2],
            });
        }

        return rows;
    }

    private static List<string> SplitCells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        // Between the leading and trailing "|": a "\|" is a pipe inside a cell.
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '|')
            {
                cell.Append('|');
                i++;
            }
            else if (line[i] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(line[i]);
            }
        }

        return cells;
    }

    private static string Render(string branch, IReadOnlyList<FleetRow> rows)
    {
        var builder = new StringBuilder();
        builder.Append("# Fleet health: ").Append(branch).Append("\n\n");
        builder.Append("Written by GitOps Agent. Each device publishes its own `<device>.toml` here after a pass that changed its report; ");
        builder.Append("each device that pushes rewrites its own rows of this table. Worst first. A row changes when an app's status does, so deployments and quiet passes leave this page alone. ");
        builder.Append("For commits and staleness, run `gitops-agent status --fleet`.\n\n");
        var devices = rows.Select(r => r.Device).Distinct(StringComparer.Ordinal).Count();
        var unhealthy = rows.Where(r => r.NeedsAttention).Select(r => r.Device).Distinct(StringComparer.Ordinal).Count();
        builder.Append(devices == 1 ? "1 device" : $"{devices} devices").Append(", ");
        builder.Append(unhealthy == 0 ? (rows.All(r => r.Healthy) ? "all healthy" : "none needs attention") : $"{unhealthy} with apps that need attention").Append(".\n\n");
        builder.Append("| device | app | status |\n");
        builder.Append(TableRule).Append('\n');
        foreach (var row in rows)
        {
            builder.Append("| ").Append(Cell(row.Device))
                .Append(" | ").Append(row.App.Length == 0 ? "-" : Cell(row.App))
                .Append(" | ").Append(Cell(row.Status))
                .Append(" |\n");
        }

        return builder.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
