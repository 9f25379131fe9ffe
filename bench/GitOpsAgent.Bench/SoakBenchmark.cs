using System.Diagnostics;
using System.Globalization;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Bench;

/// <summary>
/// Issue 18's soak: the service loop (`gitops-agent run`, JIT build) runs pass after pass over a device with a few apps
/// while a random fault is injected after each pass (a local edit, a lost .git, objects deleted, a new release, the app
/// remote gone for a pass); the pass after a fault must bring every app back to healthy. Reports the outcome matrix and
/// the loop's RSS over time (least-squares slope per 100 passes: about 0 when nothing leaks). Not run in CI.
/// </summary>
public static class SoakBenchmark
{
    private static readonly string[] Faults = ["local edit", "lost .git", "objects deleted", "new release", "remote gone for a pass"];

    public static int Run(string[] args)
    {
        var passes = args.Length > 1 && args[0] == "--passes" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        const int apps = 5;
        var binaries = AgentBinaries.Build(AgentBinaries.FindRepoRoot(), aot: false);
        using var world = new DeviceWorld(apps, overDaemon: false);
        var (file, prefix) = binaries.Command(useAot: false);
        var environment = new Dictionary<string, string> { ["GITOPS_AGENT_CONFIG"] = world.ConfigFile, ["GITOPS_AGENT_HOME"] = world.Paths.Home };
        using var loop = BenchProcess.Start(file, [.. prefix, "run", "--interval", "0.2"], environment: environment);
        // The loop logs every pass: drained all along, or a full pipe would stop it.
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        loop.OutputDataReceived += (_, line) => { };
        loop.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && errors.Count < 200)
            {
                errors.Enqueue(text);
            }
        };
        loop.BeginOutputReadLine();
        loop.BeginErrorReadLine();
        var random = new Random(18);
        var outcomes = Faults.ToDictionary(f => f, _ => (Converged: 0, NotYet: 0), StringComparer.Ordinal);
        var rss = new List<(int Pass, double MiB)>();
        string? pending = null;
        var remoteDown = false;
        var last = DateTimeOffset.MinValue;
        var watch = Stopwatch.StartNew();
        for (var pass = 1; pass <= passes; pass++)
        {
            var report = NextPass(world, ref last, loop);
            if (report is null)
            {
                Console.WriteLine($"the loop stopped or stalled at pass {pass}: {string.Join('\n', errors.TakeLast(20))}");
                return 1;
            }

            rss.Add((pass, StatusKib(loop.Id, "VmRSS") / 1024.0));
            if (remoteDown)
            {
                Directory.Move(world.AppRemote + ".down", world.AppRemote);
                remoteDown = false;
            }

            if (pending is not null)
            {
                var healthy = report.Apps.All(app => app.Healthy);
                var (converged, notYet) = outcomes[pending];
                outcomes[pending] = healthy || pending == "remote gone for a pass" ? (converged + 1, notYet) : (converged, notYet + 1);
            }

            pending = Faults[random.Next(Faults.Length)];
            var app = random.Next(apps);
            switch (pending)
            {
                case "local edit":
                    File.AppendAllText(Path.Combine(world.AppPath(app), "app.txt"), "edited on the device\n");
                    break;
                case "lost .git":
                    Directory.Delete(Path.Combine(world.AppPath(app), ".git"), recursive: true);
                    break;
                case "objects deleted":
                    foreach (var object_ in Directory.EnumerateFiles(Path.Combine(world.AppPath(app), ".git", "objects"), "*", SearchOption.AllDirectories))
                    {
                        File.Delete(object_);
                    }

                    break;
                case "new release":
                    world.Pin(app, world.PushNewAppCommit());
                    break;
                default:
                    Directory.Move(world.AppRemote, world.AppRemote + ".down");
                    remoteDown = true;
                    break;
            }
        }

        loop.Kill(entireProcessTree: true);
        Console.WriteLine("## Soak: the service loop with a random fault after every pass (issue 18)");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passes} passes of `gitops-agent run --interval 0.2` (JIT build) over {apps} apps in {watch.Elapsed.TotalMinutes:0.0} min; after each pass one fault, chosen at random (seed 18); the next pass must leave every app ✅ healthy (a pass without the app remote only has to complete)."));
        Console.WriteLine();
        Console.WriteLine("| fault | injected | converged on the next pass | not yet |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (fault, (converged, notYet)) in outcomes)
        {
            Console.WriteLine($"| {fault} | {converged + notYet} | {converged} | {notYet} |");
        }

        var slope = Slope(rss) * 100;
        var first = rss.Take(50).Average(s => s.MiB);
        var lastRss = rss.TakeLast(50).Average(s => s.MiB);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS of the loop between passes: first 50 passes {first:0.0} MiB, last 50 {lastRss:0.0} MiB, least-squares slope {slope:+0.00;-0.00} MiB per 100 passes."));
        return outcomes.Values.Any(o => o.NotYet > 0) ? 1 : 0;
    }

    /// <summary>Waits for the loop's next saved pass (last-pass.json with a later FinishedAt); null when it does not come.</summary>
    private static PassReport? NextPass(DeviceWorld world, ref DateTimeOffset last, Process loop)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2) && !loop.HasExited)
        {
            try
            {
                if (LastPassStore.Load(world.Paths) is { } report && report.FinishedAt > last)
                {
                    last = report.FinishedAt;
                    return report;
                }
            }
            catch (InvalidDataException)
            {
                // Caught between the writes of an atomic rename on some file systems: look again.
            }

            Thread.Sleep(20);
        }

        return null;
    }

    private static double Slope(List<(int Pass, double MiB)> samples)
    {
        var meanX = samples.Average(s => (double)s.Pass);
        var meanY = samples.Average(s => s.MiB);
        var numerator = samples.Sum(s => (s.Pass - meanX) * (s.MiB - meanY));
        var denominator = samples.Sum(s => (s.Pass - meanX) * (s.Pass - meanX));
        return denominator == 0 ? 0 : numerator / denominator;
    }

    private static long StatusKib(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
