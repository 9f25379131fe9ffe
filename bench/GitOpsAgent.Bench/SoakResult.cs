namespace GitOpsAgent.Bench;

/// <summary>
/// One build's soak: how each fault's next pass went (converged, or not yet), the loop's memory after every pass,
/// the machine's 1-minute load range while it ran, and why it stopped early when it did.
/// </summary>
public sealed record SoakResult(
    AgentFlavour Build,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, (int Converged, int NotYet)> Outcomes,
    IReadOnlyList<SoakSample> Samples,
    (double Min, double Max) Load,
    string? Stall)
{
    /// <summary>The first passes after a fault that did not converge, with the apps left unhealthy and why.</summary>
    public IReadOnlyList<string> Misses { get; init; } = [];

    public bool AllConverged => Stall is null && Outcomes.Values.All(o => o.NotYet == 0);
}
