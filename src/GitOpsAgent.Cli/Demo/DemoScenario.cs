using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cli.Demo;

/// <summary>
/// The guided tour behind `gitops-agent demo`: first deployment, a pinned commit change, drift healed with the
/// operator's change kept, a failing hook rolled back, a release failing its health check rolled back by itself and
/// not tried again. Each step runs a real pass and a real publish in the sandbox and
/// prints the status table and the health report as pushed to the monitoring branch.
/// </summary>
internal sealed class DemoScenario(DemoSandbox sandbox, IAgentHost host, TextWriter output)
{
    private const string WebEnv = DemoSandbox.InfraName + "/web.env";

    private readonly Dictionary<string, string> _pinned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _post = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _previous = new(StringComparer.Ordinal);

    /// <summary>Runs every step; returns how many did not show what they should.</summary>
    public int Run(CancellationToken cancellationToken)
    {
        var steps = Steps();
        var failed = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = steps[i];
            output.WriteLine();
            output.WriteLine($"== Step {i + 1} of {steps.Count}: {step.Title}");
            output.WriteLine(step.Story);
            step.Arrange();
            var report = PassAndPublish(cancellationToken);
            var problem = step.Check(report);
            output.WriteLine();
            output.WriteLine(problem is null ? $"OK: {step.Expected}" : $"UNEXPECTED: {problem} (expected: {step.Expected})");
            failed += problem is null ? 0 : 1;
        }

        return failed;
    }

    private List<DemoStep> Steps() =>
    [
        new(
            "first deployment",
            "The config repo pins web (with a config file and a post-update hook) and worker to their first commits.\nThe device has neither yet.",
            FirstDeployment,
            "web and worker deployed at their pinned commits, both ✅ healthy",
            report => Expect(report, "web", StatusLabels.Healthy, changed: true) ?? Expect(report, "worker", StatusLabels.Healthy, changed: true)),
        new(
            "a pinned commit change",
            "The web team ships v2; the operator pins web to it in edge-01/infra_meta.toml and pushes.",
            () => Pin("web", sandbox.CommitApp("web", "index.html", "<h1>web v2</h1>\n"), "pin web to v2"),
            "web moves to v2 and stays ✅ healthy; worker is left alone",
            report => Expect(report, "web", StatusLabels.Healthy, changed: true) ?? Expect(report, "worker", StatusLabels.Healthy, changed: false)),
        new(
            "drift healed, the operator's change kept",
            "Someone hot-fixes worker's run.sh on the device. The agent puts the pinned version back and keeps the edit\nrecoverable in the app repo (a ref and a stash), as the table's notes show.",
            () => File.AppendAllText(Path.Combine(sandbox.AppPath("worker"), "run.sh"), "echo hotfix made on the device\n"),
            "worker is healed to its pinned commit, ✅ healthy, and the local change is kept",
            report => Expect(report, "worker", StatusLabels.Healthy, changed: true)
                ?? (report.Apps.Single(a => a.Name == "worker").PreservedChanges.Count == 0 ? "the operator's change was not reported as kept" : null)),
        new(
            "a failing hook rolled back",
            "worker v2 needs a migration; its post-update hook fails (exit 3). The agent puts worker back on v1, its last\nhealthy state, and says why; web is not touched.",
            () =>
            {
                _previous["worker"] = _pinned["worker"];
                _post["worker"] = "echo 'migrating the worker database' && echo 'migration failed: schema locked' >&2 && exit 3";
                Pin("worker", sandbox.CommitApp("worker", "run.sh", "#!/bin/sh\necho worker v2\n"), "pin worker to v2 with a migration hook");
            },
            "worker shows ⏪ rolled back to its v1 (post command exited with 3); web stays ✅ healthy",
            report => Expect(report, "worker", StatusLabels.RolledBack(_previous["worker"], "post command exited with 3"), changed: true) ?? Expect(report, "web", StatusLabels.Healthy, changed: false)),
        new(
            "a release that fails its health check rolls back by itself",
            "web v3 ships a page without its heading. web's health_check_command (grep -q '<h1>' index.html) fails after\nthe post-update hook, so the agent restores v2: its commit, its config file and its hook, then checks it again.",
            () =>
            {
                _previous["web"] = _pinned["web"];
                Pin("web", sandbox.CommitApp("web", "index.html", "<p>web v3 forgot its heading</p>\n"), "pin web to v3");
            },
            "web shows ⏪ rolled back to v2: health check failed, and runs v2 again",
            report => Expect(report, "web", StatusLabels.RolledBack(_previous["web"], "health check failed"), changed: true)
                ?? (report.Apps.Single(a => a.Name == "web").ActualCommit == _previous["web"] ? null : "web does not run v2 again")),
        new(
            "the failed release is not tried again",
            "Nothing changes in git. The next pass does not try web v3 again (a bad release costs one attempt, not one per\npass): it reports the same state, and the report on the monitoring branch does not change.",
            () => { },
            "web still ⏪ rolled back, nothing run, nothing changed",
            report => Expect(report, "web", StatusLabels.RolledBack(_previous["web"], "health check failed"), changed: false)
                ?? (report.Apps.Single(a => a.Name == "web").Commands.Count == 0 ? null : "a command ran for web")),
    ];

    private void FirstDeployment()
    {
        _pinned["web"] = sandbox.CreateApp("web", "index.html", "<h1>web v1</h1>\n");
        _pinned["worker"] = sandbox.CreateApp("worker", "run.sh", "#!/bin/sh\necho worker v1\n");
        _post["web"] = "echo 'web restarted'";
        sandbox.CommitConfigFile(WebEnv, "GREETING=hello from the config repo\n", "web settings for edge-01");
        sandbox.WriteAgentConfig("web", "worker");
        WriteInfraMeta("pin web and worker for edge-01");
    }

    private void Pin(string app, string commit, string message)
    {
        _pinned[app] = commit;
        WriteInfraMeta(message);
    }

    private void WriteInfraMeta(string message)
    {
        var text = new System.Text.StringBuilder();
        foreach (var app in new[] { "web", "worker" })
        {
            text.Append('[').Append(app).Append("]\n");
            text.Append("code_url = ").Append(DemoSandbox.Quote(sandbox.AppUrl(app))).Append('\n');
            text.Append("code_commit_hash = ").Append(DemoSandbox.Quote(_pinned[app])).Append('\n');
            text.Append("code_local_path = ").Append(DemoSandbox.Quote(sandbox.AppPath(app))).Append('\n');
            if (app == "web")
            {
                text.Append("config_files = [ { src = ").Append(DemoSandbox.Quote(WebEnv)).Append(", dst = ")
                    .Append(DemoSandbox.Quote(Path.Combine(sandbox.AppPath("web"), ".env"))).Append(" } ]\n");
            }

            if (_post.TryGetValue(app, out var post))
            {
                text.Append("post_updation_command = ").Append(DemoSandbox.Quote(post)).Append('\n');
            }

            if (app == "web")
            {
                text.Append("health_check_command = \"grep -q '<h1>' index.html\"\nhealth_check_retries = 2\nhealth_check_interval = 1\n");
            }

            text.Append('\n');
        }

        sandbox.CommitConfigFile(DemoSandbox.InfraName + "/infra_meta.toml", text.ToString(), message);
    }

    private PassReport PassAndPublish(CancellationToken cancellationToken)
    {
        var config = AgentConfigLoader.Load(sandbox.ConfigFile);
        var report = new ReconcileEngine(sandbox.Paths, host).RunPass(config, new ReconcileOptions(), cancellationToken);
        output.WriteLine();
        output.WriteLine("$ gitops-agent reconcile");
        output.Write(PassPrinter.Table(report));

        IReadOnlyList<PublishResult> published;
        using (AgentLock.Acquire(sandbox.Paths))
        {
            published = new MonitoringPublisher(sandbox.Paths, new GitClient(host: host), host).Publish(config, report, cancellationToken);
        }

        foreach (var result in published)
        {
            output.WriteLine();
            output.WriteLine($"$ git show {result.Branch}:{DemoSandbox.InfraName}.toml   # {result.Message}");
            output.Write(sandbox.PublishedReport(result.Branch) ?? "(nothing on the monitoring branch yet)\n");
        }

        return report;
    }

    private static string? Expect(PassReport report, string app, string status, bool changed)
    {
        var outcome = report.Apps.SingleOrDefault(a => a.Name == app);
        if (outcome is null)
        {
            return $"{app} is missing from the pass";
        }

        if (outcome.Status != status)
        {
            return $"{app} is '{outcome.Status}'{(outcome.Error is null ? string.Empty : $" ({outcome.Error})")}";
        }

        return outcome.Changed == changed ? null : $"{app} was {(outcome.Changed ? string.Empty : "not ")}changed";
    }
}
