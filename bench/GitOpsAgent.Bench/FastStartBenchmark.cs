using System.Diagnostics;
using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>
/// Issue 19, fast start. Whole processes, the builds taken in turn so that a change in the machine's load falls on all
/// of them alike: <c>gitops-agent --version</c>, <c>status</c> and a steady <c>reconcile</c> at 1, 100 and 300 apps
/// for the JIT, ReadyToRun and NativeAOT builds; the steady pass at 100 apps against the replaced Python agent; the
/// tiered-compilation settings of the JIT and ReadyToRun builds; what each build weighs on disk and in memory; and,
/// under the repo's pwsh, <c>Import-Module GitOpsAgent</c> and the first and second <c>Get-GitOpsApp</c> and
/// <c>Invoke-GitOpsReconcile -WhatIf</c> with and without ReadyToRun.
/// </summary>
public static class FastStartBenchmark
{
    private const int StatusApps = 10;
    private const int PwshApps = 10;
    private const int PythonApps = 100;
    private const int RssApps = 300;
    private const int RssRuns = 3;

    // The replaced agent's steady pass at 100 apps, whole process: 4.9 s as bench/RESULTS.md has recorded it since
    // issue 8, 5.2 s in the side-by-side run issue 19 quotes. It does not run here, so both are shown.
    private static readonly double[] PythonSeconds = [4.9, 5.2];

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    // Runtime settings tried on the JIT and ReadyToRun builds, as environment variables over what the build's
    // runtimeconfig.json sets ("as built"); both values of TieredPGO, so the table says what the build's choice costs.
    private static readonly (string Name, Dictionary<string, string> Environment)[] TieringVariants =
    [
        ("as built", []),
        ("TieredPGO on", new() { ["DOTNET_TieredPGO"] = "1" }),
        ("TieredPGO off", new() { ["DOTNET_TieredPGO"] = "0" }),
        ("QuickJitForLoops off", new() { ["DOTNET_TC_QuickJitForLoops"] = "0" }),
        ("TieredCompilation off", new() { ["DOTNET_TieredCompilation"] = "0" }),
    ];

    public static int Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var root = AgentBinaries.FindRepoRoot();
        var binaries = AgentBinaries.BuildWithReadyToRun(root, aot: !args.Contains("--no-aot"));
        var flavours = new[] { AgentFlavour.Jit, AgentFlavour.ReadyToRun, AgentFlavour.NativeAot }.Where(f => binaries.Command(f) is not null).ToList();
        var startUp = quick ? new Runs(1, 5) : new Runs(2, 15);
        var passes = quick ? new Runs(1, 2) : new Runs(1, 5);
        var sizes = quick ? new[] { 1, 10 } : [1, PythonApps, RssApps];

        Console.WriteLine($"Produced {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by `dotnet run -c Release --project bench/GitOpsAgent.Bench -- faststart{(args.Length > 0 ? " " + string.Join(' ', args) : string.Empty)}` on {Environment.ProcessorCount} cores, {Commit(root)}; load average at the start {LoadAverage()}.");
        Console.WriteLine($"JIT: IL only, as `dotnet publish` makes it; ReadyToRun: the same compiled as `build.ps1 -Task Package` does (for {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}, .NET 10's ReadyToRun format); NativeAOT: {binaries.AotProblem ?? "built"}. Runtime: .NET {Environment.Version}.");
        Console.WriteLine();

        var medians = PrintCommandTable(binaries, flavours, startUp, passes, sizes);
        PrintAgainstPython(flavours, medians, sizes);
        // --builds-only: the two tables above (about 4 minutes), for a quiet moment on a shared machine.
        if (!args.Contains("--builds-only"))
        {
            PrintTiering(binaries, startUp, passes, quick);
            PrintWeight(binaries, flavours, quick);
            PrintPwsh(root, quick);
        }

        Console.WriteLine($"Load average at the end: {LoadAverage()} (on a shared machine the spreads show the disturbance).");
        Console.WriteLine();
        return 0;
    }

    /// <summary>The first table; returns the median of every (figure, flavour) for the summaries after it.</summary>
    private static Dictionary<(string Figure, AgentFlavour Flavour), double> PrintCommandTable(AgentBinaries binaries, List<AgentFlavour> flavours, Runs startUp, Runs passes, int[] sizes)
    {
        var medians = new Dictionary<(string, AgentFlavour), double>();
        Console.WriteLine($"### Whole-process time by build (ms, median (min–max); start-up figures {startUp.Measured} runs after {startUp.WarmUps} warm-ups, passes {passes.Measured} after {passes.WarmUps})");
        Console.WriteLine();
        Console.WriteLine($"`status` reads the pass saved by one `reconcile` on {StatusApps} apps (no network). A steady `reconcile` is a whole");
        Console.WriteLine("pass over file:// with nothing to change: one fetch of the tracked branch of the config repo, one `git status` per app, the unchanged-report check.");
        Console.WriteLine();
        Console.WriteLine($"| command | {string.Join(" | ", flavours.Select(Name))} | JIT / ReadyToRun | ReadyToRun / NativeAOT |");
        Console.WriteLine($"|---|{string.Concat(flavours.Select(_ => "---:|"))}---:|---:|");

        void Row(string figure, string label, string[] arguments, Runs runs)
        {
            var contenders = flavours.Select(f => new Contender(Name(f), binaries.Command(f)!.Value, null)).ToList();
            var samples = TimeInTurn(contenders, arguments, runs);
            for (var i = 0; i < flavours.Count; i++)
            {
                medians[(figure, flavours[i])] = Figures.Median(samples[i]);
            }

            string Ratio(AgentFlavour a, AgentFlavour b) =>
                medians.TryGetValue((figure, a), out var x) && medians.TryGetValue((figure, b), out var y) ? Figures.Number(x / y, "0.00") : "-";
            Console.WriteLine($"| {label} | {string.Join(" | ", samples.Select(s => Figures.Spread(s, "0.0")))} | {Ratio(AgentFlavour.Jit, AgentFlavour.ReadyToRun)} | {Ratio(AgentFlavour.ReadyToRun, AgentFlavour.NativeAot)} |");
        }

        Row("version", "`gitops-agent --version`", ["--version"], startUp);
        using (var world = SettledWorld(binaries, StatusApps))
        {
            Row("status", "`gitops-agent status --home HOME`", ["status", "--home", world.Paths.Home], startUp);
        }

        foreach (var apps in sizes)
        {
            using var world = SettledWorld(binaries, apps);
            Row($"reconcile {apps}", $"steady `gitops-agent reconcile` at {apps} app{(apps == 1 ? string.Empty : "s")}", ReconcileArguments(world), passes);
        }

        Console.WriteLine();
        return medians;
    }

    private static void PrintAgainstPython(List<AgentFlavour> flavours, Dictionary<(string Figure, AgentFlavour Flavour), double> medians, int[] sizes)
    {
        if (!sizes.Contains(PythonApps))
        {
            return;
        }

        Console.WriteLine($"### Steady pass at {PythonApps} apps against the replaced Python agent");
        Console.WriteLine();
        Console.WriteLine("The Python agent does not run on this machine (it is not in the repository or the shared folder), so the ratios are");
        Console.WriteLine($"against its recorded times: {string.Join(" and ", PythonSeconds.Select(s => Figures.Number(s, "0.0") + " s"))}, whole process, same scenario. The medians are the table's above.");
        Console.WriteLine();
        Console.WriteLine($"| build | ms | {string.Join(" | ", PythonSeconds.Select(s => $"× against {Figures.Number(s, "0.0")} s"))} |");
        Console.WriteLine($"|---|---:|{string.Concat(PythonSeconds.Select(_ => "---:|"))}");
        foreach (var flavour in flavours)
        {
            var ms = medians[($"reconcile {PythonApps}", flavour)];
            Console.WriteLine($"| {Name(flavour)} | {Figures.Number(ms, "0")} | {string.Join(" | ", PythonSeconds.Select(s => Figures.Number(s * 1000 / ms, "0.0")))} |");
        }

        Console.WriteLine();
    }

    private static void PrintTiering(AgentBinaries binaries, Runs startUp, Runs passes, bool quick)
    {
        var apps = quick ? 10 : PythonApps;
        var builds = new[] { AgentFlavour.Jit, AgentFlavour.ReadyToRun };
        var contenders = builds.SelectMany(f => TieringVariants.Select(v => new Contender($"{Name(f)}, {v.Name}", binaries.Command(f)!.Value, v.Environment))).ToList();
        var configFile = Path.ChangeExtension(binaries.JitDll, ".runtimeconfig.json");
        var configured = File.Exists(configFile)
            ? string.Join(", ", File.ReadLines(configFile).Select(l => l.Trim()).Where(l => l.StartsWith("\"System.Runtime.Tiered", StringComparison.Ordinal)))
            : string.Empty;
        Console.WriteLine($"### Tiered compilation of the JIT and ReadyToRun builds (ms, median (min–max), the {contenders.Count} taken in turn)");
        Console.WriteLine();
        Console.WriteLine($"\"as built\" is what gitops-agent.runtimeconfig.json sets ({(configured.Length > 0 ? configured : "no tiering setting: the runtime's defaults")}); the others override it with DOTNET_* variables.");
        Console.WriteLine();
        Console.WriteLine($"| build, setting | `status` | steady `reconcile` at {apps} apps |");
        Console.WriteLine("|---|---:|---:|");
        List<List<double>> status;
        using (var world = SettledWorld(binaries, StatusApps))
        {
            status = TimeInTurn(contenders, ["status", "--home", world.Paths.Home], startUp);
        }

        List<List<double>> pass;
        using (var world = SettledWorld(binaries, apps))
        {
            pass = TimeInTurn(contenders, ReconcileArguments(world), passes);
        }

        for (var i = 0; i < contenders.Count; i++)
        {
            Console.WriteLine($"| {contenders[i].Name} | {Figures.Spread(status[i], "0.0")} | {Figures.Spread(pass[i], "0")} |");
        }

        Console.WriteLine();
    }

    /// <summary>What the device carries (the assemblies, or the one executable) and the peak RSS of a 300-app pass.</summary>
    private static void PrintWeight(AgentBinaries binaries, List<AgentFlavour> flavours, bool quick)
    {
        var apps = quick ? 10 : RssApps;
        Console.WriteLine($"### Size and memory ({RssRuns} runs per build for the peak RSS, median (min–max))");
        Console.WriteLine();
        Console.WriteLine($"| | {string.Join(" | ", flavours.Select(Name))} |");
        Console.WriteLine($"|---|{string.Concat(flavours.Select(_ => "---:|"))}");
        var sizes = flavours.Select(flavour =>
        {
            long bytes = flavour switch
            {
                AgentFlavour.Jit => Directory.EnumerateFiles(Path.GetDirectoryName(binaries.JitDll)!, "*.dll").Sum(f => new FileInfo(f).Length),
                AgentFlavour.ReadyToRun => Directory.EnumerateFiles(Path.GetDirectoryName(binaries.ReadyToRunDll!)!, "*.dll").Sum(f => new FileInfo(f).Length),
                _ => new FileInfo(binaries.AotExecutable!).Length,
            };
            return $"{Figures.Number(bytes / 1048576.0, "0.00")} ({bytes.ToString("N0", CultureInfo.InvariantCulture)})";
        });
        Console.WriteLine($"| assemblies (JIT, ReadyToRun) or executable (NativeAOT), MiB (bytes) | {string.Join(" | ", sizes)} |");

        using var world = SettledWorld(binaries, apps);
        var peaks = flavours.Select(_ => new List<double>()).ToList();
        for (var run = 0; run < RssRuns; run++)
        {
            for (var i = 0; i < flavours.Count; i++)
            {
                var (file, prefix) = binaries.Command(flavours[i])!.Value;
                var result = BenchProcess.Run("/usr/bin/time", ["-f", "%M", file, .. prefix, .. ReconcileArguments(world)], timeout: CommandTimeout);
                if (result.ExitCode == 0 && double.TryParse(result.Error.Trim().Split('\n')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var kib))
                {
                    peaks[i].Add(kib / 1024);
                }
            }
        }

        Console.WriteLine($"| peak RSS of a steady `reconcile` at {apps} apps, MiB | {string.Join(" | ", peaks.Select(p => p.Count == 0 ? "n/a (/usr/bin/time missing: apt-get install time)" : Figures.Spread(p, "0.0")))} |");
        Console.WriteLine();
    }

    /// <summary>
    /// The module under the repo's pwsh, with its DLLs as the build makes them (IL) and as Package ships them
    /// (ReadyToRun): each run is a new pwsh that imports the module, then calls one cmdlet twice.
    /// </summary>
    private static void PrintPwsh(string root, bool quick)
    {
        RepoPwsh pwsh;
        string ilManifest;
        try
        {
            pwsh = RepoPwsh.Find(root);
            ilManifest = pwsh.AssembleModule(root, Path.Combine(root, "bench", "artifacts", "module-il", "GitOpsAgent"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            Console.WriteLine($"pwsh: not measured: {ex.Message}");
            Console.WriteLine();
            return;
        }

        var r2rDir = Path.Combine(root, "bench", "artifacts", "module-r2r", "GitOpsAgent");
        CopyDirectory(Path.GetDirectoryName(ilManifest)!, r2rDir);
        ReadyToRunCompiler.Compile(root, [r2rDir]);
        var modules = new[] { ("IL only (JIT)", ilManifest), ("ReadyToRun, as packaged", Path.Combine(r2rDir, "GitOpsAgent.psd1")) };
        var runs = quick ? new Runs(1, 2) : new Runs(1, 5);

        using var world = SettledWorld(AgentBinaries.Build(root, aot: false), PwshApps);
        var where = $"-ConfigPath '{world.ConfigFile}' -AgentHome '{world.Paths.Home}'";
        var cmdlets = new[] { ("Get-GitOpsApp", $"Get-GitOpsApp {where}"), ("Invoke-GitOpsReconcile -WhatIf", $"Invoke-GitOpsReconcile -WhatIf {where}") };
        Console.WriteLine($"### The module in pwsh at {PwshApps} apps (ms, median (min–max) of {runs.Measured} new pwsh processes after {runs.WarmUps} warm-up, the modules taken in turn)");
        Console.WriteLine();
        Console.WriteLine($"pwsh {pwsh.Version}, {pwsh.Origin}. Each process imports the module, then calls the cmdlet twice (output discarded);");
        Console.WriteLine("the times are Stopwatch readings inside pwsh. Both cmdlets observe every app (a dry-run pass) without changing anything.");
        Console.WriteLine();
        Console.WriteLine("| module DLLs | cmdlet | `Import-Module` | first call | second call | first / second |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var (cmdletName, cmdlet) in cmdlets)
        {
            var samples = modules.Select(_ => (Import: new List<double>(), First: new List<double>(), Second: new List<double>(), Ratio: new List<double>())).ToList();
            for (var run = 0; run < runs.WarmUps + runs.Measured; run++)
            {
                for (var i = 0; i < modules.Length; i++)
                {
                    var (import, first, second) = PwshFirstCall(pwsh, modules[i].Item2, cmdlet);
                    if (run >= runs.WarmUps)
                    {
                        samples[i].Import.Add(import);
                        samples[i].First.Add(first);
                        samples[i].Second.Add(second);
                        samples[i].Ratio.Add(first / second);
                    }
                }
            }

            for (var i = 0; i < modules.Length; i++)
            {
                var s = samples[i];
                Console.WriteLine($"| {modules[i].Item1} | `{cmdletName}` | {Figures.Spread(s.Import, "0")} | {Figures.Spread(s.First, "0")} | {Figures.Spread(s.Second, "0")} | {Figures.Number(Figures.Median(s.First) / Figures.Median(s.Second), "0.00")} |");
            }
        }

        Console.WriteLine();
    }

    private static (double Import, double First, double Second) PwshFirstCall(RepoPwsh pwsh, string manifest, string cmdlet)
    {
        var script = $$"""
            $ErrorActionPreference = 'Stop'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Import-Module '{{manifest}}'
            $import = $watch.Elapsed.TotalMilliseconds
            $watch.Restart(); $null = {{cmdlet}}; $first = $watch.Elapsed.TotalMilliseconds
            $watch.Restart(); $null = {{cmdlet}}; $second = $watch.Elapsed.TotalMilliseconds
            'TIMES ' + (@($import, $first, $second) | ForEach-Object { $_.ToString('0.0', [cultureinfo]::InvariantCulture) }) -join ' '
            """;
        var result = BenchProcess.Run(pwsh.Executable, ["-NoProfile", "-NonInteractive", "-Command", script], timeout: CommandTimeout);
        var line = result.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("TIMES ", StringComparison.Ordinal));
        if (result.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"pwsh {cmdlet} failed ({result.ExitCode}): {result.Error.Trim()}");
        }

        var times = line["TIMES ".Length..].Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (times[0], times[1], times[2]);
    }

    /// <summary>Whole-process wall times of every contender, taken in turn, warm-ups dropped.</summary>
    private static List<List<double>> TimeInTurn(List<Contender> contenders, string[] arguments, Runs runs)
    {
        var samples = contenders.Select(_ => new List<double>()).ToList();
        for (var run = 0; run < runs.WarmUps + runs.Measured; run++)
        {
            for (var i = 0; i < contenders.Count; i++)
            {
                var (file, prefix) = contenders[i].Command;
                var watch = Stopwatch.StartNew();
                var result = BenchProcess.Run(file, [.. prefix, .. arguments], timeout: CommandTimeout, environment: contenders[i].Environment);
                watch.Stop();
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{contenders[i].Name}: {file} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error.Trim()}");
                }

                if (run >= runs.WarmUps)
                {
                    samples[i].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        return samples;
    }

    /// <summary>
    /// A world whose apps are deployed and whose report is published and settled (two passes of the JIT build),
    /// so every measured pass is a steady one.
    /// </summary>
    private static DeviceWorld SettledWorld(AgentBinaries binaries, int apps)
    {
        var world = new DeviceWorld(apps, overDaemon: false);
        var (file, prefix) = binaries.Command(useAot: false);
        for (var pass = 0; pass < 2; pass++)
        {
            var result = BenchProcess.Run(file, [.. prefix, .. ReconcileArguments(world)], timeout: TimeSpan.FromMinutes(10));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"setting up {apps} apps failed ({result.ExitCode}): {result.Error.Trim()}");
            }
        }

        return world;
    }

    private static string[] ReconcileArguments(DeviceWorld world) => ["reconcile", "--config", world.ConfigFile, "--home", world.Paths.Home];

    private static string Name(AgentFlavour flavour) => flavour switch
    {
        AgentFlavour.Jit => "JIT",
        AgentFlavour.ReadyToRun => "ReadyToRun",
        _ => "NativeAOT",
    };

    private static void CopyDirectory(string from, string to)
    {
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Commit(string root)
    {
        var head = BenchProcess.Git(root, "rev-parse", "--short", "HEAD");
        var dirty = BenchProcess.Git(root, "status", "--porcelain", "--", "src", "build").Length > 0;
        return $"commit {head}{(dirty ? " plus uncommitted changes under src/ or build/" : string.Empty)}";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Runs(int WarmUps, int Measured);

    private sealed record Contender(string Name, (string File, string[] Prefix) Command, IReadOnlyDictionary<string, string>? Environment);
}
