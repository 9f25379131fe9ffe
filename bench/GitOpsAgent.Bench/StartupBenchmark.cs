using System.Diagnostics;
using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>
/// What a change to the CLI costs where it is felt on a device: the NativeAOT binary's size, the whole-process wall
/// time of <c>gitops-agent --version</c> and <c>gitops-agent status</c> (JIT and NativeAOT), and the peak RSS of the
/// NativeAOT <c>gitops-agent run</c> loop at 300 apps; for this tree and, with <c>--baseline REV</c>, for that
/// revision too, published from a worktree under bench/artifacts (the checkout itself is never touched).
/// </summary>
public static class StartupBenchmark
{
    private const int StatusApps = 10;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    public static int Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var baseline = OptionValue(args, "--baseline");
        var root = AgentBinaries.FindRepoRoot();
        var builds = new List<Build>();
        string? worktree = null;
        try
        {
            if (baseline is not null)
            {
                var sha = BenchProcess.Git(root, "rev-parse", "--verify", "--quiet", baseline + "^{commit}");
                worktree = Path.Combine(root, "bench", "artifacts", $"baseline-{sha[..8]}");
                RemoveWorktree(root, worktree);
                BenchProcess.Git(root, "worktree", "add", "--detach", "--quiet", worktree, sha);
                builds.Add(new Build("before", Describe(root, sha), AgentBinaries.Publish(worktree, aot: true)));
            }

            var head = BenchProcess.Git(root, "rev-parse", "HEAD");
            var dirty = BenchProcess.Git(root, "status", "--porcelain", "--", "src").Length > 0;
            var current = AgentBinaries.Build(root, aot: true);
            // The CLI is built from src/: name the commit that last changed it when later commits touched only the rest.
            var lastSource = BenchProcess.Git(root, "log", "-1", "--format=%H", "--", "src");
            var commit = Describe(root, head) + (lastSource != head ? $", src/ as of {Describe(root, lastSource)}" : string.Empty);
            builds.Add(new Build(baseline is null ? "this tree" : "after", commit + (dirty ? ", plus uncommitted changes under src/" : string.Empty), current));

            Print(builds, current, args, quick);
            return 0;
        }
        finally
        {
            if (worktree is not null)
            {
                RemoveWorktree(root, worktree);
            }
        }
    }

    private static void Print(List<Build> builds, AgentBinaries current, string[] args, bool quick)
    {
        var warmUps = quick ? 1 : 3;
        var runs = quick ? 10 : 30;
        var loopApps = quick ? 10 : 300;
        var loopRuns = quick ? 1 : PassBenchmark.LoopRuns;
        var loopPasses = quick ? 3 : PassBenchmark.LoopPasses;
        var ratio = builds.Count == 2;

        Console.WriteLine($"Produced {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by `dotnet run -c Release --project bench/GitOpsAgent.Bench -- startup{(args.Length > 0 ? " " + string.Join(' ', args) : string.Empty)}` on {Environment.ProcessorCount} cores; load average at the start {LoadAverage()}.");
        Console.WriteLine();
        foreach (var build in builds)
        {
            Console.WriteLine($"- {build.Name}: {build.Commit}; NativeAOT {build.Binaries.AotProblem ?? "built"}");
        }

        Console.WriteLine();
        Console.WriteLine($"### Start-up, size and `run` memory ({runs} runs after {warmUps} warm-ups per start-up figure, the builds taken in turn: median (min–max))");
        Console.WriteLine();
        Console.WriteLine("Wall time is the whole process, from the benchmark's start of it to its exit, its output read through pipes.");
        Console.WriteLine($"`status` reads the pass saved by one `gitops-agent reconcile` on {StatusApps} apps (no network).");
        Console.WriteLine($"`run` is the NativeAOT loop at {loopApps} apps, as in the service-loop table: {loopPasses} steady passes 1 s apart, {loopRuns} run{(loopRuns == 1 ? string.Empty : "s")}, stopped by SIGTERM.");
        Console.WriteLine();
        Console.WriteLine($"| figure | {string.Join(" | ", builds.Select(b => b.Name))} |{(ratio ? " after / before |" : string.Empty)}");
        Console.WriteLine($"|---|{string.Concat(builds.Select(_ => "---:|"))}{(ratio ? "---:|" : string.Empty)}");

        var sizes = builds.Select(b => b.Binaries.AotExecutable is { } file ? new FileInfo(file).Length : (long?)null).ToList();
        Row(
            "NativeAOT binary, MiB (bytes)",
            sizes.Select(size => size is { } bytes ? $"{Figures.Number(bytes / 1048576.0, "0.00")} ({bytes.ToString("N0", CultureInfo.InvariantCulture)})" : "n/a").ToList(),
            ratio,
            ratio && sizes[0] is { } sizeBefore && sizes[1] is { } sizeAfter ? (double)sizeAfter / sizeBefore : null);

        using (var world = new DeviceWorld(StatusApps, overDaemon: false))
        {
            var (jitFile, jitPrefix) = current.Command(useAot: false);
            MustSucceed(jitFile, [.. jitPrefix, "reconcile", "--config", world.ConfigFile, "--home", world.Paths.Home], TimeSpan.FromMinutes(5));
            (string Label, string[] Arguments)[] commands =
            [
                ("`gitops-agent --version`", ["--version"]),
                ("`gitops-agent status --home HOME`", ["status", "--home", world.Paths.Home]),
            ];
            foreach (var (label, arguments) in commands)
            {
                foreach (var useAot in new[] { true, false })
                {
                    var samples = TimeInTurn(builds, useAot, arguments, warmUps, runs);
                    Row(
                        $"{label} ms, {(useAot ? "NativeAOT" : "JIT")}",
                        samples.Select(s => s is null ? "n/a" : Figures.Spread(s, "0.0")).ToList(),
                        ratio,
                        ratio && samples[0] is { } before && samples[1] is { } after ? Figures.Median(after) / Figures.Median(before) : null);
                }
            }
        }

        var loops = new List<LoopFigures?>();
        using (var world = PassBenchmark.DeployedLoopWorld(current, loopApps))
        {
            foreach (var build in builds)
            {
                loops.Add(build.Binaries.AotExecutable is { } aot
                    ? PassBenchmark.MeasureLoop(new ServiceLoopCommand(aot, PassBenchmark.RunLoopArguments(world), "TERM", [0]), loopRuns, loopPasses)
                    : null);
            }
        }

        Row(
            $"`gitops-agent run` at {loopApps} apps, NativeAOT: peak RSS MiB over the loop",
            loops.Select(l => l is null ? "n/a" : Figures.Spread(l.PeakMiB, "0.0")).ToList(),
            ratio,
            ratio && loops[0] is { } peakBefore && loops[1] is { } peakAfter ? Figures.Median(peakAfter.PeakMiB) / Figures.Median(peakBefore.PeakMiB) : null);
        Row(
            $"`gitops-agent run` at {loopApps} apps, NativeAOT: RSS MiB between passes",
            loops.Select(l => l is null ? "n/a" : Figures.Spread(l.IdleMiB, "0.0")).ToList(),
            ratio,
            ratio && loops[0] is { } idleBefore && loops[1] is { } idleAfter ? Figures.Median(idleAfter.IdleMiB) / Figures.Median(idleBefore.IdleMiB) : null);
        Row(
            $"`gitops-agent run` at {loopApps} apps, NativeAOT: stopped cleanly by SIGTERM",
            loops.Select(l => l is null ? "n/a" : $"{l.CleanStops} of {loopRuns}").ToList(),
            ratio,
            null);
        Console.WriteLine();
        Console.WriteLine($"Load average at the end: {LoadAverage()} (on a shared machine the spreads show the disturbance).");
        Console.WriteLine();
    }

    /// <summary>
    /// Whole-process wall time of one command of every build, the builds taken in turn so that a change in the
    /// machine's load falls on all of them alike; null for a build without that flavour.
    /// </summary>
    private static List<List<double>?> TimeInTurn(List<Build> builds, bool useAot, string[] arguments, int warmUps, int runs)
    {
        var samples = builds.Select(b => useAot && b.Binaries.AotExecutable is null ? null : new List<double>()).ToList();
        for (var run = 0; run < warmUps + runs; run++)
        {
            for (var i = 0; i < builds.Count; i++)
            {
                if (samples[i] is not { } list)
                {
                    continue;
                }

                var (file, prefix) = builds[i].Binaries.Command(useAot);
                var watch = Stopwatch.StartNew();
                MustSucceed(file, [.. prefix, .. arguments], CommandTimeout);
                watch.Stop();
                if (run >= warmUps)
                {
                    list.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        return samples;
    }

    private static void MustSucceed(string file, string[] arguments, TimeSpan timeout)
    {
        var result = BenchProcess.Run(file, arguments, timeout: timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error.Trim()}");
        }
    }

    private static void Row(string figure, List<string> cells, bool ratioColumn, double? afterOverBefore)
    {
        var last = !ratioColumn ? string.Empty : afterOverBefore is { } value ? $" {Figures.Number(value, "0.00")} |" : " - |";
        Console.WriteLine($"| {figure} | {string.Join(" | ", cells)} |{last}");
    }

    private static string Describe(string root, string sha) =>
        $"{sha[..7]} \"{Truncate(BenchProcess.Git(root, "log", "-1", "--format=%s", sha), 60)}\"";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string? OptionValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index < 0 ? null
            : index + 1 < args.Length ? args[index + 1]
            : throw new ArgumentException($"{name} needs a git revision");
    }

    /// <summary>Removes the baseline worktree (and its build output) if a run left one behind or has finished with it.</summary>
    private static void RemoveWorktree(string root, string worktree)
    {
        if (Directory.Exists(worktree))
        {
            _ = BenchProcess.Run("git", ["worktree", "remove", "--force", "--force", worktree], directory: root, timeout: TimeSpan.FromMinutes(2));
            if (Directory.Exists(worktree))
            {
                Directory.Delete(worktree, recursive: true);
            }
        }

        _ = BenchProcess.Run("git", ["worktree", "prune"], directory: root, timeout: TimeSpan.FromMinutes(1));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Build(string Name, string Commit, AgentBinaries Binaries);
}
