using System.Text.Json;
using GitOpsAgent.Toml;
using GitOpsAgent.TomlDecoder;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>Runs every toml-test case for TOML 1.0.0 in one loop and reports all failures together.</summary>
public sealed class TomlComplianceTests
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 4096 };

    [Fact]
    public void Every_valid_case_decodes_to_its_tagged_json()
    {
        var suite = RequireSuite();
        var failures = new List<string>();
        var count = 0;
        foreach (var file in suite.ValidCases)
        {
            count++;
            var differences = new List<string>();
            try
            {
                var document = TomlParser.Parse(suite.ReadBytes(file), file);
                using var expected = JsonDocument.Parse(suite.ReadText(Path.ChangeExtension(file, ".json")), JsonOptions);
                using var actual = JsonDocument.Parse(TaggedJsonEncoder.Encode(document), JsonOptions);
                TaggedJsonComparer.Compare(expected.RootElement, actual.RootElement, "$", differences);
            }
            catch (TomlException e)
            {
                differences.Add(e.Message);
            }

            if (differences.Count > 0)
            {
                failures.Add($"{file}: {string.Join("; ", differences.Take(3))}");
            }
        }

        Report("valid", count, failures);
    }

    [Fact]
    public void Every_invalid_case_is_rejected_with_a_parse_exception()
    {
        var suite = RequireSuite();
        var failures = new List<string>();
        var count = 0;
        foreach (var file in suite.InvalidCases)
        {
            count++;
            try
            {
                var document = TomlParser.Parse(suite.ReadBytes(file), file);
                failures.Add($"{file}: accepted, decoded to {TaggedJsonEncoder.Encode(document).ReplaceLineEndings(" ")}");
            }
            catch (TomlParseException)
            {
                // Rejected, as it should be.
            }
#pragma warning disable CA1031 // Anything but the parse exception escaping is exactly the failure being reported.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"{file}: threw {e.GetType().Name} instead of TomlParseException: {e.Message}");
            }
        }

        Report("invalid", count, failures);
    }

    [Fact]
    public void Every_valid_case_survives_write_then_read()
    {
        var suite = RequireSuite();
        var failures = new List<string>();
        var count = 0;
        foreach (var file in suite.ValidCases)
        {
            count++;
            try
            {
                var document = TomlParser.Parse(suite.ReadBytes(file), file);
                var written = TomlWriter.Write(document);
                var reread = TomlParser.Parse(written, file + " (rewritten)");
                var before = TaggedJsonEncoder.Encode(document);
                var after = TaggedJsonEncoder.Encode(reread);
                if (before != after)
                {
                    failures.Add($"{file}: changed by write-then-read; written:\n{written}");
                }
                else if (TomlWriter.Write(reread) != written)
                {
                    failures.Add($"{file}: writing is not stable; written:\n{written}");
                }
            }
            catch (TomlException e)
            {
                failures.Add($"{file}: {e.Message}");
            }
        }

        Report("valid (round trip)", count, failures);
    }

    internal static TomlTestSuite RequireSuite()
    {
        var suite = TomlTestSuite.Find(out var whyMissing);
        if (suite is null)
        {
            // Said in the run's output too, not only in the skip record: a skipped suite must never read as a pass.
            TestContext.Current.SendDiagnosticMessage($"SKIPPED {TestContext.Current.Test?.TestDisplayName}: {whyMissing}");
            Assert.Skip(whyMissing);
        }

        return suite;
    }

    private static void Report(string kind, int count, List<string> failures)
    {
        TestContext.Current.SendDiagnosticMessage($"toml-test {kind}: {count - failures.Count} of {count} cases passed");
        Assert.True(count > 0, $"toml-test listed no {kind} cases");
        Assert.True(failures.Count == 0, $"toml-test {kind}: {failures.Count} of {count} cases failed:\n" + string.Join("\n", failures.Take(40)));
    }
}
