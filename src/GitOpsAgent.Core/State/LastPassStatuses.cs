using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.State;

/// <summary>When the last pass finished and the status it gave each app: what Get-GitOpsApp shows beside each app.</summary>
public sealed record LastPassStatuses(DateTimeOffset FinishedAt, IReadOnlyDictionary<string, string?> StatusByApp)
{
    /// <summary>The same from a whole report: the first app of each name, as the report lists them.</summary>
    public static LastPassStatuses Of(PassReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var statuses = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var app in report.Apps)
        {
            statuses.TryAdd(app.Name, app.Status);
        }

        return new LastPassStatuses(report.FinishedAt, statuses);
    }
}
