using GitOpsAgent.Bench;

// One entry per benchmark: name on the command line, what it measures, how to run it.
(string Name, string Description, Func<string[], int> Run)[] benchmarks =
[
    ("toml", "TOML parse and write throughput next to System.Text.Json's JsonDocument.Parse", TomlThroughputBenchmark.Run),
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
