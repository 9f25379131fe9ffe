using System.Text;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// The monitoring branch's README.md: the fleet table the git host renders. A pure function of the device
/// reports on the branch, so every device that regenerates it from the same files writes the same bytes.
/// </summary>
public static class FleetDashboard
{
    public const string FileName = "README.md";

    public static string Render(string branch, string source, IEnumerable<(string FileName, string Text)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        // Staleness depends on when the page is read, which a static page cannot know: it shows times instead.
        var rows = FleetRows.From(source, reports, DateTimeOffset.MinValue, 0);
        var builder = new StringBuilder();
        builder.Append("# Fleet health: ").Append(branch).Append("\n\n");
        builder.Append("Written by GitOps Agent. Each device publishes its own `<device>.toml` here after a pass that changed its report; ");
        builder.Append("this table is regenerated from those files by whichever device pushes. Worst first. ");
        builder.Append("For staleness, run `gitops-agent status --fleet`.\n\n");
        var devices = rows.Select(r => r.Device).Distinct(StringComparer.Ordinal).Count();
        var unhealthy = rows.Where(r => r.NeedsAttention).Select(r => r.Device).Distinct(StringComparer.Ordinal).Count();
        builder.Append(devices == 1 ? "1 device" : $"{devices} devices").Append(", ");
        builder.Append(unhealthy == 0 ? (rows.All(r => r.Healthy) ? "all healthy" : "none needs attention") : $"{unhealthy} with apps that need attention").Append(".\n\n");
        builder.Append("| device | app | status | commit | last update (UTC) |\n");
        builder.Append("| --- | --- | --- | --- | --- |\n");
        foreach (var row in rows)
        {
            builder.Append("| ").Append(Cell(row.Device))
                .Append(" | ").Append(row.App.Length == 0 ? "-" : Cell(row.App))
                .Append(" | ").Append(Cell(row.Status))
                .Append(" | ").Append(row.Commit is null ? "-" : $"`{Cell(FleetTableFormatter.ShortCommit(row.Commit))}`")
                .Append(" | ").Append(row.LastUpdated is { } when ? HealthReportWriter.FormatTimestamp(when) : "-")
                .Append(" |\n");
        }

        return builder.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
