using System.Globalization;
using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>Formats dates and times as RFC 3339 text that TOML reads back to the same value.</summary>
internal static class TomlDateFormat
{
    public static string Format(DateOnly date) =>
        date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time)
    {
        var builder = new StringBuilder(16);
        AppendTime(builder, time.Ticks);
        return builder.ToString();
    }

    public static string Format(DateTime dateTime)
    {
        var builder = new StringBuilder(32);
        builder.Append(Format(DateOnly.FromDateTime(dateTime))).Append('T');
        AppendTime(builder, dateTime.TimeOfDay.Ticks);
        return builder.ToString();
    }

    public static string Format(DateTimeOffset value)
    {
        var builder = new StringBuilder(40);
        builder.Append(Format(value.DateTime));
        var offset = value.Offset;
        if (offset == TimeSpan.Zero)
        {
            builder.Append('Z');
        }
        else
        {
            builder.Append(offset < TimeSpan.Zero ? '-' : '+');
            var abs = offset.Duration();
            builder.Append(abs.Hours.ToString("00", CultureInfo.InvariantCulture)).Append(':')
                .Append(abs.Minutes.ToString("00", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static void AppendTime(StringBuilder builder, long ticksOfDay)
    {
        var time = new TimeSpan(ticksOfDay);
        builder.Append(time.Hours.ToString("00", CultureInfo.InvariantCulture)).Append(':')
            .Append(time.Minutes.ToString("00", CultureInfo.InvariantCulture)).Append(':')
            .Append(time.Seconds.ToString("00", CultureInfo.InvariantCulture));
        var fraction = ticksOfDay % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            // Shortest spelling that keeps every tick, so writing and reading back is exact.
            builder.Append('.').Append(fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
    }
}
