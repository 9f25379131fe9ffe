using System.Globalization;
using System.Text.RegularExpressions;

namespace GitOpsAgent.Bench;

/// <summary>
/// Reads the service loop's own line between passes ("next pass in 0.2 s. Memory after the pass: 0.50 MiB managed
/// heap, 63.1 MiB resident."), written after its full collection: measured inside the process at the quiet moment,
/// which sampling /proc from outside at a report's arrival cannot hit reliably.
/// </summary>
public static partial class LoopMemoryLine
{
    public static bool TryParse(string? line, out double heapMiB, out double residentMiB)
    {
        var match = line is null ? Match.Empty : Pattern().Match(line);
        heapMiB = match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        residentMiB = match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    [GeneratedRegex(@"next pass in [0-9.]+ s\. Memory after the pass: ([0-9.]+) MiB managed heap, ([0-9.]+) MiB resident\.")]
    private static partial Regex Pattern();
}
