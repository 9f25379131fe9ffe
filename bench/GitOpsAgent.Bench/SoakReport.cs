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

        Console.WriteLine();
        Console.WriteLine("| fault | injected | converged on the next pass | not yet |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (fault, (converged, notYet)) in result.Outcomes)
        {
            Console.WriteLine($"| {fault} | {converged + notYet} | {converged} | {notYet} |");
        }

        if (result.Samples.Count < 100)
        {
            return;
        }

        var resident = MemoryTrend.Of(result.Samples, s => s.ResidentMiB);
        var heap = MemoryTrend.Of(result.Samples, s => s.HeapMiB);
        Console.WriteLine();
        Console.WriteLine("| after each pass's full collection | first 50 passes | last 50 passes | slope, whole run | slope, second half |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Row("resident (RSS)", resident);
        Row("managed heap (live)", heap);
        Console.WriteLine();
        Console.WriteLine("Slopes are least-squares, in MiB per 100 passes. Mean of each tenth of the run, in MiB:");
        Console.WriteLine();
        Console.WriteLine($"- resident: {Tenths(resident)}");
        Console.WriteLine($"- managed heap: {Tenths(heap)}");
        Console.WriteLine();
    }

    private static void Row(string measure, MemoryTrend trend) =>
        Console.WriteLine(Invariant($"| {measure} | {trend.First:0.00} MiB | {trend.Last:0.00} MiB | {trend.Slope:+0.000;-0.000;0.000} | {trend.SecondHalfSlope:+0.000;-0.000;0.000} |"));

    private static string Tenths(MemoryTrend trend) => string.Join(", ", trend.Tenths.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
