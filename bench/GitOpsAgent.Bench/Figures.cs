using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>Medians and spreads of repeated measurements, printed the same way in every table.</summary>
public static class Figures
{
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>"median (min–max)" with the given number format.</summary>
    public static string Spread(IReadOnlyList<double> values, string format)
    {
        ArgumentNullException.ThrowIfNull(values);
        var median = Median(values).ToString(format, CultureInfo.InvariantCulture);
        var min = values.Min().ToString(format, CultureInfo.InvariantCulture);
        var max = values.Max().ToString(format, CultureInfo.InvariantCulture);
        return min == max ? median : $"{median} ({min}–{max})";
    }

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
