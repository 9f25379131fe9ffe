namespace GitOpsAgent.Core.Reports;

/// <summary>The report's overall_status line and the monitoring commit message, from per-app status labels.</summary>
public static class HealthSummary
{
    public static string Overall(IReadOnlyList<(string Name, string? Status)> apps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        if (apps.Count == 0)
        {
            return "⚠️ no apps reported";
        }

        var attention = apps.Where(app => StatusLabels.NeedsAttention(app.Status)).Select(app => app.Name).ToList();
        if (attention.Count > 0)
        {
            return $"⚠️ {attention.Count} of {apps.Count} apps need attention: {string.Join(", ", attention)}";
        }

        var healthy = apps.Count(app => StatusLabels.IsHealthy(app.Status));
        return healthy == apps.Count
            ? $"✅ all {apps.Count} apps healthy"
            : $"✅ no app needs attention: {healthy} healthy, {apps.Count - healthy} left alone on purpose ({OnPurpose(apps)})";
    }

    public static string CommitMessage(IReadOnlyList<(string Name, string? Status)> apps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        if (apps.Count == 0)
        {
            return "⚠️ Status: no apps reported";
        }

        var attention = apps.Where(app => StatusLabels.NeedsAttention(app.Status)).Select(app => app.Name).ToList();
        if (attention.Count > 0)
        {
            return $"⚠️ Status: {attention.Count} of {apps.Count} issues ({string.Join(", ", attention)})";
        }

        var healthy = apps.Count(app => StatusLabels.IsHealthy(app.Status));
        return healthy == apps.Count
            ? $"✅ Status: all {apps.Count} apps healthy"
            : $"✅ Status: no app needs attention, {healthy} healthy, {apps.Count - healthy} left alone on purpose ({OnPurpose(apps)})";
    }

    /// <summary>"web ⏸, api 🔶": the apps neither healthy nor failed, with the symbol of their state.</summary>
    private static string OnPurpose(IReadOnlyList<(string Name, string? Status)> apps) =>
        string.Join(", ", apps.Where(app => !StatusLabels.IsHealthy(app.Status) && !StatusLabels.NeedsAttention(app.Status))
            .Select(app => $"{app.Name} {StatusLabels.Symbol(app.Status)}"));
}
