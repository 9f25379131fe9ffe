using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Bench;

/// <summary>
/// Parses and writes a generated multi-megabyte TOML document and parses the same data as JSON with
/// <see cref="JsonDocument"/>, reporting median throughputs and the TOML/JSON ratio. Never pass/fail.
/// </summary>
public static class TomlThroughputBenchmark
{
    private const int Services = 24_000;
    private const int WarmupRuns = 2;
    private const int MeasuredRuns = 15;

    public static int Run(string[] args)
    {
        _ = args;
        var model = GenerateModel();
        var toml = Encoding.UTF8.GetBytes(TomlWriter.Write(model));
        var json = ToJson(model);
        using var jsonCheck = JsonDocument.Parse(json);
        var sameData = ReadEveryValue(TomlParser.Parse(toml)) == ReadEveryValue(jsonCheck.RootElement);

        Console.WriteLine($"TOML document: {Megabytes(toml.Length):F2} MB, {Services} [[service]] tables; same data as JSON: {Megabytes(json.Length):F2} MB (checked: {sameData})");
        Console.WriteLine($"runtime: .NET {Environment.Version}, {Environment.ProcessorCount} cores, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}, warm-up {WarmupRuns}, runs {MeasuredRuns}");

        var document = TomlParser.Parse(toml);

        // Interleaved, so load from other processes on a shared machine hits all of them alike.
        var seconds = Measure(
            () => TomlParser.Parse(toml).Count,
            () => TomlWriter.Write(document).Length,
            () =>
            {
                using var parsed = JsonDocument.Parse(json);
                return parsed.RootElement.GetArrayLength();
            },
            () => ReadEveryValue(TomlParser.Parse(toml)),
            () =>
            {
                using var parsed = JsonDocument.Parse(json);
                return ReadEveryValue(parsed.RootElement);
            });
        var (tomlParse, tomlWrite, jsonParse, tomlRead, jsonRead) = (seconds[0], seconds[1], seconds[2], seconds[3], seconds[4]);

        Report("TOML parse (TomlParser.Parse, UTF-8 bytes)", toml.Length, tomlParse);
        Report("TOML write (TomlWriter.Write)", toml.Length, tomlWrite);
        Report("JSON parse (JsonDocument.Parse, same data)", json.Length, jsonParse);
        Report("TOML parse, then read every value", toml.Length, tomlRead);
        Report("JSON parse, then read every value", json.Length, jsonRead);
        ReportRatio("TOML parse / JSON parse, same data", tomlParse, jsonParse, "; target <= 3x");

        // Both parsers leave work for the first read (JsonDocument decodes nothing until asked; TomlParser
        // spells escape-free strings on first read), so the whole job is reported too.
        ReportRatio("parse and read every value, TOML / JSON", tomlRead, jsonRead, string.Empty);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end: {LoadAverage()} (on a shared machine the fastest runs are the least disturbed)"));
        return 0;
    }

    private static double[][] Measure(params Func<int>[] actions)
    {
        var seconds = new double[actions.Length][];
        for (var a = 0; a < actions.Length; a++)
        {
            seconds[a] = new double[MeasuredRuns];
            for (var i = 0; i < WarmupRuns; i++)
            {
                actions[a]();
            }
        }

        for (var i = 0; i < MeasuredRuns; i++)
        {
            for (var a = 0; a < actions.Length; a++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                actions[a]();
                seconds[a][i] = watch.Elapsed.TotalSeconds;
            }
        }

        return seconds;
    }

    private static void ReportRatio(string what, double[] toml, double[] json, string target)
    {
        var ratios = new double[MeasuredRuns];
        for (var i = 0; i < MeasuredRuns; i++)
        {
            ratios[i] = toml[i] / json[i];
        }

        var timeRatio = Median(toml) / Median(json);
        var fastestRatio = toml.Min() / json.Min();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {what}: median {timeRatio:F2}x, per-run median {Median(ratios):F2}x, fastest runs {fastestRatio:F2}x{target}"));
    }

    /// <summary>Touches every value the way a consumer would, returning a checksum so nothing is skipped.</summary>
    private static int ReadEveryValue(object value) => value switch
    {
        TomlTable table => table.Sum(entry => entry.Key.Length + ReadEveryValue(entry.Value)),
        TomlArray array => array.Sum(ReadEveryValue),
        string s => s.Length,
        _ => 1,
    };

    private static int ReadEveryValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var sum = 0;
                foreach (var property in element.EnumerateObject())
                {
                    sum += property.Name.Length + ReadEveryValue(property.Value);
                }

                return sum;
            case JsonValueKind.Array:
                return element.EnumerateArray().Sum(ReadEveryValue);
            case JsonValueKind.String:
                return element.GetString()!.Length;
            case JsonValueKind.Number:
                return element.TryGetInt64(out _) || element.TryGetDouble(out _) ? 1 : 0;
            default:
                return 1;
        }
    }

    private static void Report(string what, int bytes, double[] seconds)
    {
        var median = Median(seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-46} median {median * 1000,8:F1} ms  {Megabytes(bytes) / median,8:F1} MB/s  (min {seconds.Min() * 1000:F1} ms, max {seconds.Max() * 1000:F1} ms)"));
    }

    private static string LoadAverage()
    {
        const string LoadFile = "/proc/loadavg";
        return File.Exists(LoadFile) ? string.Join(' ', File.ReadAllText(LoadFile).Split(' ').Take(3)) : "unknown";
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Megabytes(int bytes) => bytes / 1_000_000.0;

    /// <summary>Deterministic data shaped like the agent's files: many tables, arrays, strings and numbers.</summary>
    private static TomlTable GenerateModel()
    {
        var random = new Random(20260101);
        var services = new TomlArray();
        for (var i = 0; i < Services; i++)
        {
            var tags = new TomlArray();
            for (var t = random.Next(1, 6); t > 0; t--)
            {
                tags.Add($"tag-{random.Next(1000)}");
            }

            var ports = new TomlArray();
            for (var p = random.Next(1, 4); p > 0; p--)
            {
                ports.Add((long)random.Next(1, 65536));
            }

            services.Add(new TomlTable
            {
                { "name", $"service-{i:D6}" },
                { "enabled", random.Next(2) == 0 },
                { "replicas", (long)random.Next(1, 20) },
                { "cpu_share", Math.Round(random.NextDouble() * 4, 3) },
                { "image", $"registry.example.invalid/team-{random.Next(50)}/app-{random.Next(500)}:v{random.Next(10)}.{random.Next(100)}" },
                { "description", $"Handles \"{Word(random)}\" requests for the {Word(random)} {Word(random)} pipeline; owner: {Word(random)}@example.invalid" },
                { "tags", tags },
                { "ports", ports },
                {
                    "health", new TomlTable
                    {
                        { "path", $"/health/{Word(random)}" },
                        { "interval_seconds", (long)random.Next(5, 120) },
                        { "timeout_seconds", Math.Round(random.NextDouble() * 10, 2) },
                    }
                },
            });
        }

        return new TomlTable { { "title", "generated benchmark document" }, { "version", 3L }, { "service", services } };
    }

    private static string Word(Random random)
    {
        string[] words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];
        return words[random.Next(words.Length)];
    }

    /// <summary>The same data as plain JSON: the services array is the document so both sides parse equal content.</summary>
    private static byte[] ToJson(TomlTable model)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            WriteJson(writer, model);
            writer.WriteEndArray();
        }

        return stream.ToArray();
    }

    private static void WriteJson(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var (key, item) in table)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item);
                }

                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
