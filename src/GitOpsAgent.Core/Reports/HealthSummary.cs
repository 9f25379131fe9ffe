namespace GitOpsAgent.Core.Reports;

/// <summary>The report's overall_status line and the monitoring commit message, from per-app health.</summary>
public static class HealthSummary
{
    public static string Overall(IReadOnlyList<(string Name, bool Healthy)> apps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        if (apps.Count == 0)
        {
            return "⚠️ no apps reported";
        }

        var unhealthy = apps.Where(app => !app.Healthy).Select(app => app.Name).ToList();
        return unhealthy.Count == 0
            ? $"✅ all {apps.Count} apps healthy"
            : $"⚠️ {unhealthy.Count} of {apps.Count} apps need attention: {string.Join(", ", unhealthy)}";
    }

    public static string CommitMessage(IReadOnlyList<(string Name, bool Healthy)> apps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        if (apps.Count == 0)
        {
            return "⚠️ Status: no apps reported";
        }

        var unhealthy = apps.Where(app => !app.Healthy).Select(app => app.Name).ToList();
        return unhealthy.Count == 0
            ? $"✅ Status: all {apps.Count} apps healthy"
            : $"⚠️ Status: {unhealthy.Count} of {apps.Count} issues ({string.Join(", ", unhealthy)})";
    }
}
