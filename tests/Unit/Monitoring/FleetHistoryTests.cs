using System.Text.Json;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Monitoring;

/// <summary>`gitops-agent history` reads the monitoring branch's own history: each change of status or commit, once.</summary>
public sealed class FleetHistoryTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private Dictionary<string, string> Environment => new() { ["GITOPS_AGENT_CONFIG"] = _sandbox.ConfigFile, ["GITOPS_AGENT_HOME"] = _sandbox.Home };

    [Fact]
    public void History_lists_each_change_of_status_or_commit_oldest_first()
    {
        var v1 = _sandbox.CreateApp("web");
        var api = _sandbox.CreateApp("api");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1) + _sandbox.Section("api", api));
        _sandbox.WriteAgentConfig(["web", "api"]);
        BuiltCli.Run(Environment, "reconcile");
        BuiltCli.Run(Environment, "reconcile");
        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2, post: "exit 3", extra: "on_failure = \"hold\"\n") + _sandbox.Section("api", api));
        BuiltCli.Run(Environment, "reconcile");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2) + _sandbox.Section("api", api));
        BuiltCli.Run(Environment, "reconcile");

        var json = BuiltCli.Run(Environment, "history", "--app", "web", "--json");

        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var changes = document.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(
            [(StatusLabels.Healthy, v1, (string?)null), (StatusLabels.CommandFailed, v2, StatusLabels.Healthy), (StatusLabels.Healthy, v2, StatusLabels.CommandFailed)],
            changes.Select(c => (c.GetProperty("status").GetString()!, c.GetProperty("commit").GetString()!, c.GetProperty("previousStatus").GetString())).ToList());
        Assert.All(changes, c => Assert.Equal("edge-01", c.GetProperty("device").GetString()));
        Assert.Contains("history starts at", json.Error, StringComparison.Ordinal);

        var table = BuiltCli.Run(Environment, "history", "--device", "edge-01");
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"(?m)^\S+ \S+\s+edge-01\s+api\s+✅ healthy", table.Output);
        Assert.Equal(4, table.Output.Split('\n').Count(line => line.Contains(" edge-01 ", StringComparison.Ordinal)));

        var future = BuiltCli.Run(Environment, "history", "--since", DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("No change matched.", future.Output, StringComparison.Ordinal);

        var bad = BuiltCli.Run(Environment, "history", "--since", "last tuesday");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--since needs an ISO 8601 time", bad.Error, StringComparison.Ordinal);
    }
}
