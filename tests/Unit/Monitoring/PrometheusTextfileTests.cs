using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Monitoring;

/// <summary>
/// metrics_textfile: after each pass a file in the Prometheus text exposition format, checked by a strict parser
/// here and by `promtool check metrics` where Debian's prometheus package is installed (.ci/run installs it).
/// </summary>
public sealed partial class PrometheusTextfileTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string MetricsFile => Path.Combine(_sandbox.Root, "textfile_collector", "gitops_agent.prom");

    [Fact]
    public void Each_pass_writes_valid_metrics_that_count_passes_and_remember_the_last_apply()
    {
        var web = _sandbox.CreateApp("web");
        var api = _sandbox.CreateApp("api");
        _sandbox.SetInfraMeta(_sandbox.Section("web", web) + _sandbox.Section("api", api, post: "exit 4"));
        _sandbox.WriteAgentConfig(["web", "api"], $"metrics_textfile = \"{MetricsFile}\"\n");

        _sandbox.Pass();
        var first = File.ReadAllText(MetricsFile);
        _sandbox.Pass();
        var second = File.ReadAllText(MetricsFile);

        AssertStrictlyValid(second);
        var samples = Parse(second);
        Assert.Equal(2, samples["gitops_agent_passes_total"]);
        Assert.Equal(1, samples["gitops_agent_app_healthy{app=\"web\"}"]);
        Assert.Equal(0, samples["gitops_agent_app_healthy{app=\"api\"}"]);
        Assert.Equal(1, samples["gitops_agent_app_in_sync{app=\"web\"}"]);
        Assert.Equal(1, samples[$"gitops_agent_config_repo_reachable{{repo=\"{_sandbox.ConfigSource}\"}}"]);
        Assert.Equal(1, samples["gitops_agent_info{version=\"0.1.0\",infra_name=\"edge-01\"}"]);
        // web changed in the first pass only: its last apply time is the first pass's, carried by the second.
        Assert.Equal(Parse(first)["gitops_agent_app_last_apply_timestamp_seconds{app=\"web\"}"], samples["gitops_agent_app_last_apply_timestamp_seconds{app=\"web\"}"]);
        Assert.Equal(1, samples["gitops_agent_app_last_apply_success{app=\"web\"}"]);
        Assert.Equal(0, samples["gitops_agent_app_last_apply_success{app=\"api\"}"]);
        Assert.False(samples.ContainsKey("gitops_agent_last_successful_pass_timestamp_seconds"), "no pass left every app healthy");
        Assert.True(samples["gitops_agent_pass_duration_seconds"] >= 0);
        Assert.InRange(samples["gitops_agent_last_pass_timestamp_seconds"], DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());

        var promtool = new ProcessRunner().Run(new ProcessRequest("sh", ["-c", $"command -v promtool >/dev/null || exit 77; promtool check metrics < '{MetricsFile}'"]) { Timeout = TimeSpan.FromMinutes(1) }, TestContext.Current.CancellationToken);
        if (promtool.ExitCode == 77)
        {
            Assert.Skip("promtool is not installed here (Debian's prometheus package); the strict parser above checked the file");
        }

        Assert.True(promtool.ExitCode == 0, promtool.StandardOutput + promtool.StandardError);
    }

    [Fact]
    public void A_dry_run_writes_no_metrics()
    {
        _sandbox.SetInfraMeta(_sandbox.Section("web", _sandbox.CreateApp("web")));
        _sandbox.WriteAgentConfig(["web"], $"metrics_textfile = \"{MetricsFile}\"\n");

        _sandbox.Pass(new GitOpsAgent.Core.Reconcile.ReconcileOptions { DryRun = true });

        Assert.False(File.Exists(MetricsFile));
    }

    /// <summary>The exposition format's rules, strictly: HELP and TYPE before a family's samples, valid names, escaped labels, no duplicate series, counters named _total.</summary>
    private static void AssertStrictlyValid(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (Help().Match(line) is { Success: true } help)
            {
                Assert.True(helped.Add(help.Groups[1].Value), $"HELP twice: {line}");
                continue;
            }

            if (Type().Match(line) is { Success: true } type)
            {
                Assert.True(typed.TryAdd(type.Groups[1].Value, type.Groups[2].Value), $"TYPE twice: {line}");
                Assert.True(type.Groups[2].Value != "counter" || type.Groups[1].Value.EndsWith("_total", StringComparison.Ordinal), $"a counter must end in _total: {line}");
                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"not a valid sample line: {line}");
            var name = sample.Groups["name"].Value;
            Assert.True(typed.ContainsKey(name) && helped.Contains(name), $"{name} has a sample before its HELP and TYPE");
            Assert.True(series.Add(name + sample.Groups["labels"].Value), $"duplicate series: {line}");
            Assert.True(double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), line);
        }
    }

    private static Dictionary<string, double> Parse(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*$")]
    private static partial Regex Help();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex Type();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\\n]|\\[\\""n])*"")(,[a-zA-Z_][a-zA-Z0-9_]*=""([^""\\\n]|\\[\\""n])*"")*\})? (?<value>\S+)$")]
    private static partial Regex Sample();
}
