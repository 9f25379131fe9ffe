using System.Diagnostics;
using System.Globalization;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Bench;

/// <summary>
/// The cost of one pass (reconcile, then publish) on a device with 1 to 300 apps in one config repo: steady state
/// and a pass where one app's pinned commit moved, over file:// and over git daemon, next to the floor.
/// </summary>
public static class PassBenchmark
{
    private const int Runs = 5;
    internal const int LoopPasses = 10;
    internal const int LoopRuns = 3;

    // Per pass and config repo: core.sshCommand lookup, ls-remote, rev-parse HEAD, status of the clone.
    private const int ConstantProcesses = 4;

    public static int Run(string[] args)
    {
        var sizes = args.Contains("--quick") ? new[] { 1, 10 } : [1, 10, 100, 300];
        var binaries = AgentBinaries.Build(AgentBinaries.FindRepoRoot(), aot: !args.Contains("--no-aot"));
        Console.WriteLine($"## Pass cost ({Runs} runs per figure: median (min–max))");
        Console.WriteLine();
        Console.WriteLine("Wall time is one pass in the agent process (reconcile + publish), as `gitops-agent run` pays it each interval.");
        Console.WriteLine("Peak RSS is `gitops-agent run --once` as a process of its own (`/usr/bin/time -f %M`), JIT and NativeAOT builds.");
        Console.WriteLine($"NativeAOT: {binaries.AotProblem ?? "built"}.");
        Console.WriteLine();
        foreach (var overDaemon in new[] { false, true })
        {
            Console.WriteLine($"### Over {(overDaemon ? "git daemon on 127.0.0.1 (git://)" : "file://")}");
            Console.WriteLine();
            Console.WriteLine("| apps | pass | wall ms | per app ms | git processes (≤ apps + 4) | network calls reconcile / floor | network calls publish | commits | pushes | peak RSS JIT MiB | peak RSS AOT MiB |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var apps in sizes)
            {
                using var world = new DeviceWorld(apps, overDaemon);
                Measure(world, steady: true).Print(apps, "steady", RssOf(binaries, world, useAot: false), RssOf(binaries, world, useAot: true));
                Measure(world, steady: false).Print(apps, "one app moved", "-", "-");
            }

            Console.WriteLine();
        }

        PrintLoopMemory(binaries, sizes[^1]);
        return 0;
    }

    /// <summary>Only the service loops' memory (the last table of <see cref="Run"/>), at 300 apps (10 with --quick).</summary>
    public static int RunLoops(string[] args)
    {
        var apps = args.Contains("--quick") ? 10 : 300;
        var binaries = AgentBinaries.Build(AgentBinaries.FindRepoRoot(), aot: !args.Contains("--no-aot"));
        Console.WriteLine($"Produced {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by `dotnet run -c Release --project bench/GitOpsAgent.Bench -- loops{(args.Length > 0 ? " " + string.Join(' ', args) : string.Empty)}` on {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        PrintLoopMemory(binaries, apps);
        return 0;
    }

    /// <summary>
    /// The resident service, not one pass: each loop (<c>gitops-agent run</c> JIT and NativeAOT, and the pwsh loop
    /// script under the repo's own pwsh) for <see cref="LoopPasses"/> passes one second apart, its peak RSS (VmHWM) over all
    /// of them and its RSS while it waits between passes.
    /// </summary>
    private static void PrintLoopMemory(AgentBinaries binaries, int apps)
    {
        Console.WriteLine($"### The service loops at {apps} apps ({LoopPasses} steady passes 1 s apart, {LoopRuns} runs: median (min–max))");
        Console.WriteLine();
        Console.WriteLine("| loop | peak RSS MiB over the loop | RSS MiB between passes | stopped cleanly by its unit's stop signal |");
        Console.WriteLine("|---|---:|---:|---|");
        // Deployed first, so every pass of the loops is a steady one, like the rows above.
        using var world = DeployedLoopWorld(binaries, apps);
        var (jitFile, jitPrefix) = binaries.Command(useAot: false);
        var runArguments = RunLoopArguments(world);
        PrintLoop("`gitops-agent run`, JIT", () => new ServiceLoopCommand(jitFile, [.. jitPrefix, .. runArguments], "TERM", [0]));
        if (binaries.AotExecutable is { } aot)
        {
            PrintLoop("`gitops-agent run`, NativeAOT", () => new ServiceLoopCommand(aot, runArguments, "TERM", [0]));
        }
        else
        {
            Console.WriteLine($"| `gitops-agent run`, NativeAOT | n/a | n/a | {binaries.AotProblem} |");
        }

        RepoPwsh? pwsh = null;
        PrintLoop("pwsh `scripts/gitops-agent-loop.ps1`", () => PwshLoop(world, out pwsh));
        Console.WriteLine();
        if (pwsh is not null)
        {
            Console.WriteLine($"pwsh: {pwsh.Version}, {pwsh.Origin}; the module assembled by `build.ps1 -Task Assemble -Configuration Release` into bench/artifacts/module.");
            Console.WriteLine();
        }
    }

    private static void PrintLoop(string name, Func<ServiceLoopCommand> command)
    {
        try
        {
            var loop = command();
            var figures = MeasureLoop(loop, LoopRuns, LoopPasses);
            Console.WriteLine($"| {name} | {Figures.Spread(figures.PeakMiB, "0.0")} | {Figures.Spread(figures.IdleMiB, "0.0")} | {figures.CleanStops} of {LoopRuns} (SIG{loop.StopSignal}) |");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            Console.WriteLine($"| {name} | not measured: {ex.Message.ReplaceLineEndings(" ")} | | |");
        }
    }

    /// <summary>
    /// A world at <paramref name="apps"/> apps with everything deployed by one <c>gitops-agent run --once</c> of
    /// <paramref name="binaries"/>' JIT build, so every pass of a loop started on it is a steady one.
    /// </summary>
    internal static DeviceWorld DeployedLoopWorld(AgentBinaries binaries, int apps)
    {
        var world = new DeviceWorld(apps, overDaemon: false);
        var (jitFile, jitPrefix) = binaries.Command(useAot: false);
        _ = BenchProcess.Run(jitFile, [.. jitPrefix, "run", "--once", "--config", world.ConfigFile, "--home", world.Paths.Home], timeout: TimeSpan.FromMinutes(10));
        return world;
    }

    /// <summary>The arguments of <c>gitops-agent run</c> as the service-loop rows start it: one pass a second.</summary>
    internal static string[] RunLoopArguments(DeviceWorld world) =>
        ["run", "--interval", "1", "--config", world.ConfigFile, "--home", world.Paths.Home];

    /// <summary>
    /// Starts <paramref name="loop"/> <paramref name="runs"/> times, each for <paramref name="passes"/> passes, and
    /// stops it with its unit's stop signal: peak RSS (VmHWM) over each run, median RSS between its passes.
    /// </summary>
    internal static LoopFigures MeasureLoop(ServiceLoopCommand loop, int runs, int passes)
    {
        var peaks = new List<double>();
        var idles = new List<double>();
        var clean = 0;
        for (var run = 0; run < runs; run++)
        {
            var (peak, idle, exitCode) = RunLoop(loop, passes);
            peaks.Add(peak);
            idles.Add(idle);
            clean += loop.CleanExitCodes.Contains(exitCode) ? 1 : 0;
        }

        return new LoopFigures(peaks, idles, clean);
    }

    /// <summary>The pwsh loop under <see cref="RepoPwsh"/>, over a module assembled by build.ps1.</summary>
    private static ServiceLoopCommand PwshLoop(DeviceWorld world, out RepoPwsh pwsh)
    {
        var root = AgentBinaries.FindRepoRoot();
        pwsh = RepoPwsh.Find(root);
        var manifest = pwsh.AssembleModule(root, Path.Combine(root, "bench", "artifacts", "module", "GitOpsAgent"));

        // pwsh skips finally blocks on SIGTERM, so its unit stops the loop with SIGINT, and 130 is a clean stop.
        return new ServiceLoopCommand(
            pwsh.Executable,
            ["-NoProfile", "-File", Path.Combine(root, "scripts", "gitops-agent-loop.ps1"), "-IntervalSeconds", "1", "-ConfigPath", world.ConfigFile, "-AgentHome", world.Paths.Home, "-ModulePath", manifest],
            "INT",
            [0, 130]);
    }

    private static (double PeakMiB, double IdleMiB, int ExitCode) RunLoop(ServiceLoopCommand loop, int loopPasses)
    {
        using var process = BenchProcess.Start(loop.File, loop.Arguments);
        using var lines = new System.Collections.Concurrent.BlockingCollection<string>();
        var readers = new[] { process.StandardOutput, process.StandardError }.Select(reader => Task.Run(() =>
        {
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        })).ToArray();
        var passes = 0;
        var idle = new List<double>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (passes <= loopPasses && deadline > DateTime.UtcNow && lines.TryTake(out var line, deadline - DateTime.UtcNow))
        {
            // Both loops say "pass done" after each pass and "next pass in" when they start to wait.
            if (line.Contains("pass done", StringComparison.Ordinal))
            {
                passes++;
            }
            else if (line.Contains("next pass in", StringComparison.Ordinal))
            {
                Thread.Sleep(200);
                idle.Add(StatusKib(process.Id, "VmRSS") / 1024);
            }
        }

        var peak = StatusKib(process.Id, "VmHWM") / 1024;
        _ = BenchProcess.Run("kill", ["-" + loop.StopSignal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(loop.File)} did not stop within a minute of SIG{loop.StopSignal}");
        }

        Task.WaitAll(readers, TimeSpan.FromSeconds(10));
        if (passes <= loopPasses)
        {
            throw new InvalidOperationException($"{Path.GetFileName(loop.File)} completed only {passes} passes in 5 minutes");
        }

        return (peak, Figures.Median(idle), process.ExitCode);
    }

    private static double StatusKib(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return double.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static PassFigures Measure(DeviceWorld world, bool steady)
    {
        var host = NullAgentHost.Instance;
        var config = GitOpsAgent.Core.Configuration.AgentConfigLoader.Load(world.ConfigFile);
        var figures = new PassFigures();
        // The first pass deploys everything; the second settles the report. Neither is measured.
        for (var i = 0; i < (steady ? 2 : 0); i++)
        {
            OnePass(world, config, host);
        }

        for (var run = 0; run < Runs; run++)
        {
            var floorNetwork = 1;
            if (!steady)
            {
                // A different app each run, to a commit its clone has not fetched yet: the floor is ls-remote,
                // one fetch of the config repo and one of that app.
                world.Pin(run % world.Apps, world.PushNewAppCommit());
                floorNetwork = 3;
            }

            var (elapsed, reconcile, publish) = OnePass(world, config, host);
            figures.Add(elapsed.TotalMilliseconds, reconcile, publish, floorNetwork);
        }

        return figures;
    }

    private static (TimeSpan Elapsed, GitCallStats Reconcile, GitCallStats Publish) OnePass(DeviceWorld world, GitOpsAgent.Core.Configuration.AgentConfig config, IAgentHost host)
    {
        var watch = Stopwatch.StartNew();
        var engine = new ReconcileEngine(world.Paths, host);
        var report = engine.RunPass(config);
        var publishGit = new GitClient(host: host);
        using (AgentLock.Acquire(world.Paths))
        {
            new MonitoringPublisher(world.Paths, publishGit, host).Publish(config, report);
        }

        watch.Stop();
        if (!report.AllHealthy)
        {
            throw new InvalidOperationException($"benchmark pass was not healthy: {report.OverallStatus}");
        }

        return (watch.Elapsed, engine.Git.Stats, publishGit.Stats);
    }

    private static string RssOf(AgentBinaries binaries, DeviceWorld world, bool useAot)
    {
        if (useAot && binaries.AotExecutable is null)
        {
            return "n/a";
        }

        var (file, prefix) = binaries.Command(useAot);
        var samples = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var result = BenchProcess.Run("/usr/bin/time", ["-f", "%M", file, .. prefix, "run", "--once", "--config", world.ConfigFile, "--home", world.Paths.Home], timeout: TimeSpan.FromMinutes(5));
            var last = result.Error.Trim().Split('\n')[^1];
            if (!double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out var kib))
            {
                return "n/a (/usr/bin/time missing: apt-get install time)";
            }

            samples.Add(kib / 1024);
        }

        return Figures.Spread(samples, "0.0");
    }

    /// <summary>The measurements of one scenario row.</summary>
    private sealed class PassFigures
    {
        private readonly List<double> _wall = [];
        private readonly List<double> _processes = [];
        private readonly List<double> _network = [];
        private readonly List<double> _floor = [];
        private readonly List<double> _publishNetwork = [];
        private readonly List<double> _commits = [];
        private readonly List<double> _pushes = [];

        public void Add(double wallMs, GitCallStats reconcile, GitCallStats publish, int floorNetwork)
        {
            _wall.Add(wallMs);
            _processes.Add(reconcile.Processes + publish.Processes);
            _network.Add(reconcile.NetworkCalls);
            _floor.Add(floorNetwork);
            _publishNetwork.Add(publish.NetworkCalls);
            _commits.Add(reconcile.Commits + publish.Commits);
            _pushes.Add(reconcile.Pushes + publish.Pushes);
        }

        public void Print(int apps, string pass, string rssJit, string rssAot)
        {
            var perApp = _wall.Select(ms => ms / apps).ToList();
            var network = $"{Figures.Spread(_network, "0")} / {Figures.Spread(_floor, "0")} = {Figures.Number(Figures.Median(_network) / Figures.Median(_floor), "0.00")}";
            Console.WriteLine($"| {apps} | {pass} | {Figures.Spread(_wall, "0")} | {Figures.Spread(perApp, "0.0")} | {Figures.Spread(_processes, "0")} (≤ {apps + ConstantProcesses} + publish) | {network} | {Figures.Spread(_publishNetwork, "0")} | {Figures.Spread(_commits, "0")} | {Figures.Spread(_pushes, "0")} | {rssJit} | {rssAot} |");
        }
    }
}
