using GitOpsAgent.Bench;

// One entry per benchmark: name on the command line, what it measures, how to run it.
(string Name, string Description, Func<string[], int> Run)[] benchmarks =
[
    ("toml", "TOML parse and write throughput next to System.Text.Json's JsonDocument.Parse", TomlThroughputBenchmark.Run),
    ("pass", "cost of a pass (steady and one app moved) at 1, 10, 100, 300 apps, over file:// and git daemon, against the floor", PassBenchmark.Run),
    ("loops", "only the service loops (gitops-agent run JIT and NativeAOT, the pwsh loop) at 300 apps: peak and between-pass RSS", PassBenchmark.RunLoops),
    ("startup", "NativeAOT binary size, --version and status start-up time, NativeAOT run peak RSS at 300 apps; with --baseline REV, that revision's too and the ratios", StartupBenchmark.Run),
    ("faststart", "issue 19: --version, status, steady reconcile at 1, 100, 300 apps for the JIT, ReadyToRun and NativeAOT builds; against the Python agent; tiering settings; size and RSS; Import-Module and first cmdlets in pwsh with and without ReadyToRun", FastStartBenchmark.Run),
    ("fleet", "10, 50 and 100 devices publishing to one monitoring branch at once: time, retries, reports lost", FleetBenchmark.Run),
    ("soak", "issue 18: the service loop for --passes N (default 1000) passes with a random fault after each, --build jit|aot|both (default both, one after the other); outcome matrix, RSS and managed heap slopes", SoakBenchmark.Run),
    ("fleet-scale", "issue 17: 100, 1 000, 3 000 simulated devices (in-process MonitoringPublisher) over one interval via git daemon: lost, latency, retries, bytes, server CPU; --devices, --interval-seconds, --time-scale, --pool", FleetScaleBenchmark.Run),
    ("bytes", "issue 16: bytes to and from the device (first deployment, steady, change, publish, status --fleet) on a 2 000-commit app repo, 1 000 device folders and a year of 1 000 reports, against plain git and the targets", BytesBenchmark.Run),
    ("all", "everything above, with the machine header: the content of bench/RESULTS.md", RunAll),
];

var chosen = args.Length > 0 ? Array.Find(benchmarks, b => b.Name == args[0]) : default;
if (chosen.Run is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/GitOpsAgent.Bench -- <benchmark>");
    Console.Error.WriteLine("benchmarks:");
    foreach (var (name, description, _) in benchmarks)
    {
        Console.Error.WriteLine($"  {name,-10} {description}");
    }

    return 2;
}

return chosen.Run(args[1..]);

static int RunAll(string[] args)
{
    var status = MachineHeader.Run(args);
    Console.WriteLine("## TOML throughput");
    Console.WriteLine();
    Console.WriteLine("```");
    status |= TomlThroughputBenchmark.Run(args);
    Console.WriteLine("```");
    Console.WriteLine();
    return status | PassBenchmark.Run(args) | FleetBenchmark.Run(args) | BytesBenchmark.Run(args);
}
