using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>How the bytes benchmark writes sizes.</summary>
public static class ByteFormat
{
    public static string KiB(long bytes) => (bytes / 1024.0).ToString(bytes < 10 * 1024 ? "0.00" : "#,0.0", CultureInfo.InvariantCulture);

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>"12.3 KiB" below a MiB, "4.56 MiB" above.</summary>
    public static string Size(long bytes) => bytes < 1024 * 1024 ? $"{KiB(bytes)} KiB" : $"{MiB(bytes)} MiB";

    public static string Bytes(long bytes) => bytes.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString(value < 0.1 ? "0.000" : "0.00", CultureInfo.InvariantCulture);
}
