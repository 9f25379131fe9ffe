using System.Globalization;
using System.Text.Json;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>Compares toml-test tagged JSON trees; floats and date-times by value, not spelling.</summary>
internal static class TaggedJsonComparer
{
    public static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (IsLeaf(expected))
        {
            CompareLeaf(expected, actual, path, differences);
            return;
        }

        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
            return;
        }

        if (expected.ValueKind == JsonValueKind.Array)
        {
            var e = expected.EnumerateArray().ToList();
            var a = actual.EnumerateArray().ToList();
            if (e.Count != a.Count)
            {
                differences.Add($"{path}: expected {e.Count} elements, got {a.Count}");
                return;
            }

            for (var i = 0; i < e.Count; i++)
            {
                Compare(e[i], a[i], $"{path}[{i}]", differences);
            }

            return;
        }

        var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in expectedKeys.Except(actualKeys))
        {
            differences.Add($"{path}.{missing}: missing");
        }

        foreach (var extra in actualKeys.Except(expectedKeys))
        {
            differences.Add($"{path}.{extra}: unexpected");
        }

        foreach (var key in expectedKeys.Intersect(actualKeys))
        {
            Compare(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}", differences);
        }
    }

    private static bool IsLeaf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
        && element.EnumerateObject().Count() == 2;

    private static void CompareLeaf(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (!IsLeaf(actual))
        {
            differences.Add($"{path}: expected a {expected.GetProperty("type").GetString()} value, got {actual}");
            return;
        }

        var type = expected.GetProperty("type").GetString()!;
        var actualType = actual.GetProperty("type").GetString()!;
        var e = expected.GetProperty("value").GetString()!;
        var a = actual.GetProperty("value").GetString()!;
        if (type != actualType)
        {
            differences.Add($"{path}: expected type {type}, got {actualType} ({a})");
            return;
        }

        var equal = type switch
        {
            "float" => ParseFloat(e).Equals(ParseFloat(a)),
            "integer" => long.Parse(e, CultureInfo.InvariantCulture) == long.Parse(a, CultureInfo.InvariantCulture),
            "datetime" => ParseOffsetDateTime(e) == ParseOffsetDateTime(a),
            "datetime-local" => ParseLocal(e) == ParseLocal(a),
            "date-local" => DateOnly.ParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture) == DateOnly.ParseExact(a, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time-local" => ParseLocal("2000-01-01T" + e) == ParseLocal("2000-01-01T" + a),
            _ => e == a,
        };
        if (!equal)
        {
            differences.Add($"{path}: expected {type} {e}, got {a}");
        }
    }

    private static double ParseFloat(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>DateTime parsing accepts at most 7 fractional digits; ticks are the precision both sides share.</summary>
    private static string NormalizeFraction(string text)
    {
        text = text.ToUpperInvariant().Replace(' ', 'T');
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var digits = text[(dot + 1)..end];
        digits = digits.Length > 7 ? digits[..7] : digits.PadRight(7, '0');
        return text[..(dot + 1)] + digits + text[end..];
    }

    private static DateTimeOffset ParseOffsetDateTime(string text) =>
        DateTimeOffset.Parse(NormalizeFraction(text), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static DateTime ParseLocal(string text) =>
        DateTime.Parse(NormalizeFraction(text), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
