using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>Prints one build's soak as markdown: the fault matrix, then the memory table and its shape.</summary>
public static class SoakReport
{
    public static void Print(SoakResult result, int passes)
    {
        ArgumentNullException.ThrowIfNull(result);
        var name = result.Build == AgentFlavour.Jit ? "JIT build" : "NativeAOT build";
        Console.WriteLine($"### {name}");
        Console.WriteLine();
        Console.WriteLine(Invariant($"{result.Samples.Count} of {passes} passes of `gitops-agent run --interval 0.2` ({name}) over {SoakRun.Apps} apps in {result.Elapsed.TotalMinutes:0.0} min, 1-minute load {result.Load.Min:0.0}–{result.Load.Max:0.0}."));
        if (result.Stall is not null)
        {
            Console.WriteLine();
            Console.WriteLine("```");
            Console.WriteLine(result.Stall);
            Console.WriteLine("```");
        }

        PrintMatrix(result);
        if (result.Samples.Count >= 100)
        {
            PrintMemory(result.Samples);
        }
    }

    private static void PrintMatrix(SoakResult result)
    {
        Console.WriteLine();
        Console.WriteLine("| fault | injected | converged on the next pass | not yet |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (fault, (converged, notYet)) in result.Outcomes)
        {
            Console.WriteLine($"| {fault} | {converged + notYet} | {converged} | {notYet} |");
        }

        if (result.Misses.Count > 0)
        {
            Console.WriteLine();
        }

        foreach (var miss in result.Misses)
        {
            Console.WriteLine($"- not yet: {miss}");
        }
    }

    private static void PrintMemory(IReadOnlyList<SoakSample> samples)
    {
        var trends = new (string Measure, string Unit, MemoryTrend Trend)[]
        {
            ("resident (RSS, as the loop says)", " MiB", MemoryTrend.Of(samples, s => s.ResidentMiB)),
            ("– of which anonymous (RssAnon)", " MiB", MemoryTrend.Of(samples, s => s.AnonMiB)),
            ("– of which file-backed (RssFile)", " MiB", MemoryTrend.Of(samples, s => s.FileMiB)),
            ("– of which shared (RssShmem)", " MiB", MemoryTrend.Of(samples, s => s.ShmemMiB)),
            ("managed heap (live, as the loop says)", " MiB", MemoryTrend.Of(samples, s => s.HeapMiB)),
            ("threads", string.Empty, MemoryTrend.Of(samples, s => s.Threads)),
        };
        Console.WriteLine();
        Console.WriteLine("| after each pass's full collection | first 50 passes | last 50 passes | slope, whole run | slope, second half |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (measure, unit, trend) in trends)
        {
            Console.WriteLine(Invariant($"| {measure} | {trend.First:0.00}{unit} | {trend.Last:0.00}{unit} | {trend.Slope:+0.000;-0.000;0.000} | {trend.SecondHalfSlope:+0.000;-0.000;0.000} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Slopes are least-squares, per 100 passes. Mean of each tenth of the run:");
        Console.WriteLine();
        foreach (var (measure, unit, trend) in trends)
        {
            Console.WriteLine($"- {measure}: {string.Join(", ", trend.Tenths.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))}{unit}");
        }

        Console.WriteLine();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
