using GitOpsAgent.Toml;
using GitOpsAgent.TomlDecoder;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>
/// Mutates every toml-test case (deleted, duplicated, swapped and inserted bytes) with a fixed seed: each
/// mutant must parse or raise TomlParseException, and whatever parses must survive write-then-read.
/// </summary>
public sealed class TomlFuzzTests
{
    private const int Seed = 20260101;
    private const int MutantsPerCase = 12;

    // Bytes that matter to the grammar, so mutants probe the parser rather than only string contents.
    private static readonly byte[] Interesting = "\"'[]{}=.,#\n\r\t\\ _+-:eExob0123456789TZ"u8.ToArray();

    [Fact]
    public void Mutated_cases_only_parse_or_raise_the_parse_exception()
    {
        var suite = TomlComplianceTests.RequireSuite();
        var failures = new List<string>();
        var iterations = 0;
        var parsed = 0;
        var caseIndex = 0;
        foreach (var file in suite.ValidCases.Concat(suite.InvalidCases))
        {
            var original = suite.ReadBytes(file);
            var random = new Random(Seed + caseIndex);
            for (var m = 0; m < MutantsPerCase; m++)
            {
                iterations++;
                var mutant = Mutate(original, random);
                try
                {
                    var document = TomlParser.Parse(mutant, file);
                    parsed++;
                    var reread = TomlParser.Parse(TomlWriter.Write(document));
                    if (TaggedJsonEncoder.Encode(document) != TaggedJsonEncoder.Encode(reread))
                    {
                        failures.Add($"{file} (seed {Seed + caseIndex}, mutant {m}): write-then-read changed the document");
                    }
                }
                catch (TomlParseException)
                {
                    // Rejected with the library's own exception: the expected outcome for most mutants.
                }
#pragma warning disable CA1031 // Any other exception is the defect this test exists to find.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures.Add($"{file} (seed {Seed + caseIndex}, mutant {m}): {e.GetType().Name}: {e.Message}");
                }
            }

            caseIndex++;
        }

        TestContext.Current.SendDiagnosticMessage($"TOML fuzz: {iterations} mutants of {caseIndex} cases, {parsed} parsed, {failures.Count} failures (seed {Seed})");
        Assert.True(failures.Count == 0, $"{failures.Count} of {iterations} mutants failed:\n" + string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public void Hostile_nesting_is_an_error_not_a_stack_overflow()
    {
        var arrays = "a = " + new string('[', 100_000);
        var tables = "a = " + string.Concat(Enumerable.Repeat("{b=", 100_000));
        var headers = new string('[', 100_000);
        foreach (var text in new[] { arrays, tables, headers })
        {
            Assert.Throws<TomlParseException>(() => TomlParser.Parse(text));
        }

        var error = Assert.Throws<TomlParseException>(() => TomlParser.Parse(arrays));
        Assert.Equal("nesting deeper than 1000 levels", error.Reason);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var text = "a = " + new string('[', 1000) + new string(']', 1000);
        var document = TomlParser.Parse(text);
        Assert.IsType<TomlArray>(document["a"]);
        Assert.Equal(document.Count, TomlParser.Parse(TomlWriter.Write(document)).Count);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.Insert(at, bytes[at]);
                    break;
                case 2 when bytes.Count > 1:
                    var other = random.Next(bytes.Count);
                    (bytes[at], bytes[other]) = (bytes[other], bytes[at]);
                    break;
                case 3:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }
}
