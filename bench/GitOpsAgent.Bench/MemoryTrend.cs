namespace GitOpsAgent.Bench;

/// <summary>
/// One figure of the loop's memory over a soak: the means of the first and last 50 passes, the least-squares slope per 100 passes
/// over the whole run and over its second half (the runtime's own warm-up, tier-1 JIT code and GC segments, is over
/// by then, so a leak is what is left), and the means of each tenth of the run to show the shape.
/// </summary>
public sealed record MemoryTrend(double First, double Last, double Slope, double SecondHalfSlope, IReadOnlyList<double> Tenths)
{
    public static MemoryTrend Of(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> value)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(value);
        var points = samples.Select(s => (X: (double)s.Pass, Y: value(s))).ToArray();
        var tenth = Math.Max(1, points.Length / 10);
        var tenths = points.Chunk(tenth).Take(10).Select(chunk => chunk.Average(p => p.Y)).ToArray();
        return new MemoryTrend(
            points.Take(50).Average(p => p.Y),
            points.TakeLast(50).Average(p => p.Y),
            LeastSquares(points) * 100,
            LeastSquares(points[(points.Length / 2)..]) * 100,
            tenths);
    }

    private static double LeastSquares((double X, double Y)[] points)
    {
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var numerator = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var denominator = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return denominator == 0 ? 0 : numerator / denominator;
    }
}
