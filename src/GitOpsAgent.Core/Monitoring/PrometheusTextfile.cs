using System.Globalization;
using System.Text;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// The pass as Prometheus metrics in the text exposition format, for node_exporter's textfile collector
/// (metrics_textfile). Written atomically after each pass. What must outlive one pass (passes_total, the last
/// successful pass, each app's last apply, each repo's last fetch) is read back from the previous file, so no other
/// state is kept; a deleted file restarts the counter, which Prometheus reads as a counter reset.
/// </summary>
public static class PrometheusTextfile
{
    private const string Prefix = "gitops_agent_";

    public static void Write(string path, PassReport report, string version)
    {
        ArgumentNullException.ThrowIfNull(path);
        var previous = File.Exists(path) ? Samples(File.ReadAllText(path)) : new Dictionary<string, double>(StringComparer.Ordinal);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.WriteAllText(path, Render(report, version, previous));
    }

    /// <summary>The text for <paramref name="report"/>; <paramref name="previous"/> holds the last file's samples by series.</summary>
    public static string Render(PassReport report, string version, IReadOnlyDictionary<string, double> previous)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(previous);
        var finished = report.FinishedAt.ToUnixTimeMilliseconds() / 1000.0;
        var text = new StringBuilder();

        Family(text, "info", "gauge", "The agent that wrote these metrics; always 1.", [(Labels(("version", version), ("infra_name", report.InfraName)), 1)]);
        Family(text, "passes_total", "counter", "Passes run since the metrics file was created.", [(string.Empty, Previous(previous, "passes_total", string.Empty) + 1)]);
        Family(text, "pass_duration_seconds", "gauge", "How long the last pass took.", [(string.Empty, (report.FinishedAt - report.StartedAt).TotalSeconds)]);
        Family(text, "last_pass_timestamp_seconds", "gauge", "When the last pass finished (Unix time).", [(string.Empty, finished)]);
        var lastGood = report.NeedsAttention ? PreviousOrNull(previous, "last_successful_pass_timestamp_seconds", string.Empty) : finished;
        if (lastGood is { } good)
        {
            Family(text, "last_successful_pass_timestamp_seconds", "gauge", "When the last pass that left every app healthy finished (Unix time).", [(string.Empty, good)]);
        }

        var apps = report.Apps.Select(app => (App: app, Labels: Labels(("app", app.Name)))).ToList();
        Family(text, "app_healthy", "gauge", "1 when the app's last pass left it healthy.", apps.Select(a => (a.Labels, a.App.Healthy ? 1.0 : 0)));
        Family(text, "app_in_sync", "gauge", "1 when the app runs the commit and config files its config repo declares.", apps.Select(a => (a.Labels, a.App.Healthy && (a.App.Changed || a.App.Drift.Count == 0) ? 1.0 : 0)));
        Family(text, "app_last_apply_timestamp_seconds", "gauge", "When the agent last changed the app (Unix time).", Kept(apps, "app_last_apply_timestamp_seconds", previous, a => a.Changed ? finished : null));
        Family(text, "app_last_apply_success", "gauge", "1 when the last change to the app left it healthy.", Kept(apps, "app_last_apply_success", previous, a => a.Changed ? (a.Healthy ? 1 : 0) : null));
        Family(text, "app_needs_attention", "gauge", "1 when the app failed (also when it was rolled back); 0 when healthy, suspended, manual or removed.", apps.Select(a => (a.Labels, a.App.NeedsAttention ? 1.0 : 0)));
        Family(text, "app_suspended", "gauge", "1 while the app is suspended (on the device or in git): observed, not changed.", apps.Select(a => (a.Labels, a.App.Suspension is null ? 0.0 : 1)));
        Family(text, "app_rolled_back", "gauge", "1 while the app runs its last healthy state after its desired state failed.", apps.Select(a => (a.Labels, a.App.RolledBackTo is null ? 0.0 : 1)));
        Family(text, "app_held", "gauge", "1 while a failed desired state is held: not tried again until git changes or an operator retries.", apps.Select(a => (a.Labels, a.App.FailedCommit is null ? 0.0 : 1)));
        Family(text, "app_health_check_ok", "gauge", "1 when the app's health check passed in the last pass that ran it.", Kept(apps, "app_health_check_ok", previous, a => a.HealthCheck is { } check ? (check.Passed ? 1 : 0) : null));

        var repos = report.ConfigRepos.Select(repo => (Repo: repo, Labels: Labels(("repo", SecretRedactor.Redact(repo.Source))))).ToList();
        Family(text, "config_repo_reachable", "gauge", "1 when the config repo answered in the last pass.", repos.Select(r => (r.Labels, r.Repo.Reachable ? 1.0 : 0)));
        Family(
            text,
            "config_repo_last_fetch_timestamp_seconds",
            "gauge",
            "When the agent last fetched a new commit of the config repo (Unix time).",
            repos.Select(r => (r.Labels, r.Repo.Fetched ? finished : PreviousOrNull(previous, "config_repo_last_fetch_timestamp_seconds", r.Labels))).Where(s => s.Item2 is not null).Select(s => (s.Labels, s.Item2!.Value)));
        return text.ToString();
    }

    /// <summary>Every sample of an exposition text, keyed by "name{labels}" (the name without the prefix).</summary>
    public static Dictionary<string, double> Samples(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples[line[Prefix.Length..space]] = value;
            }
        }

        return samples;
    }

    private static IEnumerable<(string Labels, double Value)> Kept(List<(AppOutcome App, string Labels)> apps, string name, IReadOnlyDictionary<string, double> previous, Func<AppOutcome, double?> fresh)
    {
        foreach (var (app, labels) in apps)
        {
            if ((fresh(app) ?? PreviousOrNull(previous, name, labels)) is { } value)
            {
                yield return (labels, value);
            }
        }
    }

    private static double Previous(IReadOnlyDictionary<string, double> previous, string name, string labels) => PreviousOrNull(previous, name, labels) ?? 0;

    private static double? PreviousOrNull(IReadOnlyDictionary<string, double> previous, string name, string labels) =>
        previous.TryGetValue(name + labels, out var value) ? value : null;

    private static void Family(StringBuilder text, string name, string type, string help, IEnumerable<(string Labels, double Value)> samples)
    {
        text.Append("# HELP ").Append(Prefix).Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(Prefix).Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
        {
            text.Append(Prefix).Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static string Labels(params (string Name, string Value)[] labels) =>
        "{" + string.Join(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")) + "}";

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
