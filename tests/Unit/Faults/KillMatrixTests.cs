using System.Diagnostics;
using System.Text;
using GitOpsAgent.Tests.Unit.Lifecycle;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>
/// Kills a real `gitops-agent reconcile` with SIGKILL at every step boundary of a kind of pass (before and after each
/// git call, in the middle of writing a file and before renaming it, while a hook runs), each time from the same
/// starting state, then runs one normal pass and checks that it converged: the desired state reached and reported on
/// the monitoring branch, no lock or temporary file left behind, the operator's change recoverable, and the post
/// command run at least once and never again after it succeeded. The steps are those the Debug build announces
/// (GITOPS_FAULT_STEPS_LOG), so every one is covered; the matrix is printed, and any cell but "converged" fails.
/// </summary>
public abstract class KillMatrixTests(int shard) : IDisposable
{
    /// <summary>Cells are split over this many test classes, which xunit runs in parallel, each with its own sandbox.</summary>
    protected const int Shards = 2;

    private readonly LifecycleSandbox _s = new();
    private int _postsBefore;

    private string Snapshot => _s.Device.Root + ".snapshot";

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _s.Dispose();
        if (Directory.Exists(Snapshot))
        {
            Directory.Delete(Snapshot, recursive: true);
        }
    }

    public static readonly string[] AllScenarios = ["first deployment", "pinned change", "drift heal with a local change", "config file update", "rollback", "publish with a history trim"];

    /// <summary>
    /// Every kind of pass with GITOPS_KILL_MATRIX=all (the bench's soak runs it); by default the rollback pass, which goes
    /// through the most steps (config sync, fetch, pre-staged files, hooks, health check, rollback, records, publish),
    /// so the whole suite stays within its ten minutes on two cores.
    /// </summary>
    public static TheoryData<string> Scenarios => Environment.GetEnvironmentVariable("GITOPS_KILL_MATRIX") switch
    {
        "all" => [.. AllScenarios],
        { Length: > 0 } chosen => [.. chosen.Split(',', StringSplitOptions.TrimEntries)],
        _ => ["rollback"],
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_kill_converges_on_the_next_pass(string scenario)
    {
        var expect = Arrange(scenario);
        _postsBefore = _s.PostLines.Count;
        Copy(_s.Device.Root, Snapshot);
        var all = ListSteps();
        Assert.NotEmpty(all);
        var steps = DistinctStates(all);

        var matrix = new StringBuilder($"kill matrix: {scenario} ({all.Count} step boundaries, {steps.Count} distinct states; shard {shard + 1} of {Shards})\n");
        var failures = new List<string>();
        for (var k = 1 + shard; k <= steps.Count; k += Shards)
        {
            Restore();
            using (var killed = Cli(("GITOPS_FAULT_KILL_AT", steps[k - 1].Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            {
                Assert.NotEqual(0, killed.ExitCode);
            }

            var (ordinal, name) = steps[k - 1];
            var verdict = Recover(expect, name);
            matrix.Append(System.Globalization.CultureInfo.InvariantCulture, $"{ordinal,3} {name,-48} {verdict}\n");
            if (verdict != "converged")
            {
                failures.Add($"{ordinal} {name}: {verdict}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(matrix.ToString());
        Assert.True(failures.Count == 0, matrix + "\nnot converged:\n" + string.Join("\n", failures));
    }

    // git subcommands that change a repository; every other git call only reads.
    private static readonly string[] Mutating = ["clone", "fetch", "checkout", "stash", "update-ref", "reset", "commit", "commit-tree", "push", "add", "clean", "rm", "config", "init", "remote", "branch", "symbolic-ref", "repack", "gc", "prune", "worktree", "merge", "rebase", "tag", "replace", "read-tree", "write-tree", "update-index", "hash-object", "mktree", "notes"];

    /// <summary>
    /// The boundaries that can leave a different state on disk, each with its ordinal among all boundaries: the first,
    /// every one inside a write or a hook, and the two after anything that changed something. A kill at "after git
    /// status" and one at the "before git checkout" that follows leave the same files, so that state is killed once.
    /// </summary>
    private static List<(int Ordinal, string Name)> DistinctStates(List<string> steps)
    {
        static bool Intermediate(string step) => step.StartsWith("writing ", StringComparison.Ordinal) || step.StartsWith("renaming ", StringComparison.Ordinal) || step.EndsWith(" running", StringComparison.Ordinal);
        static bool Changed(string step) => Intermediate(step)
            || (step.StartsWith("after git ", StringComparison.Ordinal) && Mutating.Contains(step["after git ".Length..]));
        var distinct = new List<(int, string)>();
        for (var i = 0; i < steps.Count; i++)
        {
            // The boundary right after a change, and the next one too: something (moving a fresh clone into place, a
            // delete) may happen between them without a boundary of its own.
            if (i == 0 || Changed(steps[i]) || Changed(steps[i - 1]))
            {
                distinct.Add((i + 1, steps[i]));
            }
        }

        return distinct;
    }

    /// <summary>What the next pass must reach.</summary>
    private sealed record Expectation(string Commit, string Env, string Status, string? LocalEdit = null, string? ReplacedEnv = null);

    private Expectation Arrange(string scenario)
    {
        switch (scenario)
        {
            case "first deployment":
                var first = _s.Device.CreateApp("web");
                _s.Declare(first, "MODE=one\n");
                _s.Device.WriteAgentConfig(["web"]);
                return new Expectation(first, "MODE=one\n", "✅ healthy");
            case "pinned change":
                _s.DeployHealthyV1();
                var v2 = _s.Device.CommitApp("web", "app.txt", "web v2\n");
                _s.Declare(v2, "MODE=one\n");
                return new Expectation(v2, "MODE=one\n", "✅ healthy");
            case "drift heal with a local change":
                var v1 = _s.DeployHealthyV1();
                File.AppendAllText(Path.Combine(_s.Device.AppPath("web"), "app.txt"), "hot fix on the device\n");
                return new Expectation(v1, "MODE=one\n", "✅ healthy", LocalEdit: "hot fix on the device");
            case "config file update":
                var same = _s.DeployHealthyV1();
                _s.Declare(same, "MODE=two\n");
                return new Expectation(same, "MODE=two\n", "✅ healthy", ReplacedEnv: "MODE=one\n");
            case "rollback":
                var good = _s.DeployHealthyV1();
                var broken = _s.Device.CommitApp("web", "app.txt", "web v2 broken\n");
                _s.Declare(broken, "MODE=two\n");
                return new Expectation(good, "MODE=one\n", "⏪ rolled back to ", ReplacedEnv: "MODE=two\n");
            case "publish with a history trim":
                var kept = _s.DeployHealthyV1();
                OldMonitoringHistory();
                _s.Declare(kept, "MODE=two\n");
                return new Expectation(kept, "MODE=two\n", "✅ healthy", ReplacedEnv: "MODE=one\n");
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }
    }

    /// <summary>Two years of reports on the monitoring branch, all older than the retention: the next publish trims them.</summary>
    private void OldMonitoringHistory()
    {
        var work = Path.Combine(_s.Device.Work, "monitoring");
        TestGit.Run(null, "clone", "--quiet", _s.Device.ConfigRepoUrl, work);
        TestGit.Run(work, "checkout", "--quiet", "--orphan", "main-monitoring");
        TestGit.Run(work, "rm", "-rfq", ".");
        foreach (var year in new[] { "2024", "2025" })
        {
            File.WriteAllText(Path.Combine(work, $"{_s.Device.InfraName}.toml"), $"overall_status = \"✅ all 1 apps healthy\"\nlast-updated = {year}-01-01T00:00:00Z\ninfra_name = \"{_s.Device.InfraName}\"\n\n[web]\nstatus = \"✅ healthy\"\n");
            TestGit.Run(work, "add", "--all");
            var env = new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = $"{year}-01-01T00:00:00Z", ["GIT_COMMITTER_DATE"] = $"{year}-01-01T00:00:00Z" };
            Git(work, env, "commit", "--quiet", "-m", $"report {year}");
        }

        TestGit.Run(work, "push", "--quiet", "origin", "main-monitoring");
        // The device's monitoring clone looks at the history once a day; this publish is the one that does.
        foreach (var checkedAt in Directory.EnumerateFiles(_s.Device.Paths.AppConfigs, "gitops-agent-trim-checked", SearchOption.AllDirectories))
        {
            File.Delete(checkedAt);
        }
    }

    private static readonly string[] Identity = ["-c", "user.name=ops", "-c", "user.email=ops@example.com"];

    private static void Git(string directory, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in Identity.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }

    private List<string> ListSteps()
    {
        var log = Path.Combine(Path.GetTempPath(), $"gitops-steps-{Guid.NewGuid():N}.log");
        try
        {
            using var run = Cli(("GITOPS_FAULT_STEPS_LOG", log));
            Assert.Equal(run.ExitCode, run.ExitCode);
            return File.Exists(log) ? [.. File.ReadAllLines(log)] : [];
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>The next pass, run as the service loop runs it (reconcile, then publish), in this process.</summary>
    private string Recover(Expectation expect, string step)
    {
        GitOpsAgent.Core.Reports.AppOutcome app;
        try
        {
            var result = new GitOpsAgent.Core.Operations.ReconcileRunner(_s.Device.Paths, new RecordingHost())
                .Run(_s.Device.LoadConfig(), new GitOpsAgent.Core.Reconcile.ReconcileOptions(), publish: true, TestContext.Current.CancellationToken);
            app = result.Report.Apps.Single();
            if (result.Published.FirstOrDefault(p => p.Error is not null) is { } failed)
            {
                return $"lost: publishing failed: {failed.Error}";
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"lost: the next pass could not run: {ex.Message}";
        }

        var status = app.Status;
        var problems = new List<string>();
        if (!status.StartsWith(expect.Status, StringComparison.Ordinal))
        {
            problems.Add($"status '{status}': {app.Error}");
        }

        var path = _s.Device.AppPath("web");
        var head = Directory.Exists(path) ? TestGit.Run(path, "rev-parse", "HEAD") : "none";
        if (head != expect.Commit)
        {
            problems.Add($"HEAD {head[..Math.Min(12, head.Length)]}, not {expect.Commit[..12]}");
        }

        if (Directory.Exists(path) && TestGit.Run(path, "status", "--porcelain", "--untracked-files=no").Length > 0)
        {
            problems.Add("the checkout still differs");
        }

        if (!File.Exists(_s.ConfigDestination) || File.ReadAllText(_s.ConfigDestination) != expect.Env)
        {
            problems.Add("config file not as declared");
        }

        problems.AddRange(Leftovers());
        if (expect.LocalEdit is { } edit && !Recoverable(path, edit))
        {
            problems.Add("the local change is not recoverable");
        }

        if (expect.ReplacedEnv is { } replaced && !Directory.EnumerateFiles(Path.Combine(_s.Device.Home, "backups"), "*", SearchOption.AllDirectories).Any(f => File.ReadAllText(f) == replaced))
        {
            problems.Add("the replaced config file is in no backup");
        }

        if (!Published(expect))
        {
            problems.Add("the health report on the monitoring branch does not show it");
        }

        // The post command for the change: at least once, never again after it succeeded (twice only when the kill came
        // while it ran, since the killed pass never saw it finish).
        var posts = _s.PostLines.Skip(_postsBefore).Count(line => line == $"post {(expect.Status.StartsWith('⏪') ? FailedCommit() : expect.Commit)}");
        // Success is what the agent recorded: a kill after the command exited but before that record was written counts as
        // before it finished, like one while it ran.
        var allowed = step is "post_updation_command running" or "writing web.post-done" or "renaming web.post-done" ? 2 : 1;
        if (posts > allowed)
        {
            return $"duplicated: post ran {posts} times";
        }

        if (posts < 1 && !(expect.LocalEdit is not null || expect.Status.StartsWith('⏪')))
        {
            problems.Add("the post command never ran");
        }

        return problems.Count == 0 ? "converged" : "lost: " + string.Join("; ", problems);
    }

    private string FailedCommit() => TestGit.Run(Path.Combine(_s.Device.Work, "web"), "rev-parse", "HEAD");

    private IEnumerable<string> Leftovers()
    {
        foreach (var root in new[] { _s.Device.Home, _s.Device.Device })
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                if (name.Contains(".gitops-tmp-", StringComparison.Ordinal) || name == "index.lock" || name == "shallow.lock")
                {
                    yield return $"left behind: {file}";
                }
            }

            foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            {
                if (Path.GetFileName(folder).Contains(".gitops-clone-", StringComparison.Ordinal))
                {
                    yield return $"left behind: {folder}";
                }
            }
        }

        if (File.Exists(Path.Combine(_s.Device.Home, "agent.lock.owner")))
        {
            yield return "the agent lock's owner note is left";
        }
    }

    private static bool Recoverable(string path, string edit)
    {
        var refs = TestGit.Run(path, "for-each-ref", "--format=%(refname)", "refs/gitops-agent/preserved/");
        return refs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(reference => TestGit.Run(path, "show", $"{reference}:app.txt").Contains(edit, StringComparison.Ordinal));
    }

    private bool Published(Expectation expect)
    {
        var remote = Path.Combine(_s.Device.Remotes, "deploy-config.git");
        var show = Git(remote, "show", $"main-monitoring:{_s.Device.InfraName}.toml");
        return show.Contains($"actual-commit = \"{expect.Commit}\"", StringComparison.Ordinal)
            && show.Contains($"status = \"{expect.Status}", StringComparison.Ordinal);
    }

    private static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private CliProcess Cli(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITOPS_AGENT_CONFIG"] = _s.Device.ConfigFile,
            ["GITOPS_AGENT_HOME"] = _s.Device.Home,
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return CliProcess.Run(["reconcile", "--json"], environment, TimeSpan.FromMinutes(2));
    }

    private void Restore()
    {
        Directory.Delete(_s.Device.Root, recursive: true);
        Copy(Snapshot, _s.Device.Root);
    }

    private static void Copy(string from, string to)
    {
        using var copy = Process.Start(new ProcessStartInfo("cp", ["-a", from, to]))!;
        copy.WaitForExit();
        Assert.Equal(0, copy.ExitCode);
    }
}
