using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.State;

/// <summary>
/// The saved pass, app records and suspensions are written and read without the JSON serializer (issue 19: its
/// metadata cost every process about 500 JIT-compiled methods); the files stay what the serializer wrote, character
/// for character, and read as it read them.
/// </summary>
public sealed class StateJsonTests : IDisposable
{
    private readonly TempDirectory _dir = new("gitops-statejson");

    public static TheoryData<string> Reports => new() { "full", "minimal" };

    [Theory]
    [MemberData(nameof(Reports))]
    public void The_saved_pass_is_written_as_the_serializer_wrote_it_and_reads_back_the_same(string which) =>
        AssertAsTheSerializer(which == "full" ? StateFixtures.FullReport() : new PassReport { InfraName = "edge-01" }, PassReportJson.Write, PassReportJson.Read, SerializerOracle.Indented.PassReport);

    [Fact]
    public void An_app_record_is_written_as_the_serializer_wrote_it_and_reads_back_the_same()
    {
        AssertAsTheSerializer(StateFixtures.FullRecord(), AppRecordJson.Write, AppRecordJson.Read, SerializerOracle.Indented.AppRecord);
        AssertAsTheSerializer(new AppRecord { Name = "bare" }, AppRecordJson.Write, AppRecordJson.Read, SerializerOracle.Indented.AppRecord);
    }

    [Fact]
    public void A_suspension_is_written_as_the_serializer_wrote_it_and_reads_back_the_same()
    {
        AssertAsTheSerializer(StateFixtures.FullSuspension("web"), AppSuspensionJson.Write, AppSuspensionJson.Read, SerializerOracle.Indented.AppSuspension);
        AssertAsTheSerializer(new AppSuspension { Name = "api", Reason = "r" }, AppSuspensionJson.Write, AppSuspensionJson.Read, SerializerOracle.Indented.AppSuspension);
    }

    [Fact]
    public void A_file_that_leaves_fields_out_reads_with_the_records_defaults()
    {
        // As an older agent or a hand-edited file may have it: only the required fields, enums in other cases and as
        // numbers, a field this version does not know. (The serializer read a missing list as null, which made the
        // derived fields throw; the records' defaults are what was meant.)
        var report = """{ "infraName": "edge-01", "apps": [ { "name": "web", "configSource": "s", "sync": "manual", "onFailure": 2, "drift": ["wrongCommit", 0], "extra": { "ignored": [1, 2] } } ] }""";
        var record = """{ "name": "web", "declared": { "name": "web", "codeUrl": "u", "codeCommitHash": "c", "codeLocalPath": "/srv/web", "onRemoval": "REMOVE" }, "failure": { "fingerprint": "f", "commit": "c", "what": "w", "status": "s" } }""";
        var expectedReport = new PassReport
        {
            InfraName = "edge-01",
            Apps = [new AppOutcome { Name = "web", ConfigSource = "s", Sync = SyncMode.Manual, OnFailure = FailurePolicy.Hold, Drift = [DriftReason.WrongCommit, DriftReason.NotCloned] }],
        };
        var expectedRecord = new AppRecord
        {
            Name = "web",
            Declared = new DesiredApp { Name = "web", CodeUrl = "u", CodeCommitHash = "c", CodeLocalPath = "/srv/web", OnRemoval = RemovalPolicy.Remove },
            Failure = new FailedAttempt { Fingerprint = "f", Commit = "c", What = "w", Status = "s" },
        };

        Assert.Equal(
            JsonSerializer.Serialize(expectedReport, SerializerOracle.Indented.PassReport),
            JsonSerializer.Serialize(PassReportJson.Read(report), SerializerOracle.Indented.PassReport));
        Assert.Equal(
            JsonSerializer.Serialize(expectedRecord, SerializerOracle.Indented.AppRecord),
            JsonSerializer.Serialize(AppRecordJson.Read(record), SerializerOracle.Indented.AppRecord));
    }

    [Theory]
    [InlineData("""{ "apps": [] }""", "'infraName' is missing")]
    [InlineData("""{ "infraName": "e", "dryRun": "yes" }""", "'dryRun' should be true or false, not \"yes\"")]
    [InlineData("""{ "infraName": "e", "apps": [ { "name": "web", "configSource": "s", "sync": "sometimes" } ] }""", "'sync' should be one of Auto, Manual, not \"sometimes\"")]
    [InlineData("""{ "infraName": "e", "finishedAt": "yesterday" }""", "'finishedAt' should be a date and time, not \"yesterday\"")]
    [InlineData("""[ 1 ]""", "'the file' should be an object, not [ 1 ]")]
    public void A_saved_pass_that_cannot_be_read_is_refused_with_the_field_that_is_wrong(string text, string problem)
    {
        var paths = new AgentPaths(_dir.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(paths.LastPassFile)!);
        File.WriteAllText(paths.LastPassFile, text);

        var error = Assert.Throws<InvalidDataException>(() => LastPassStore.Load(paths));

        Assert.Equal($"{paths.LastPassFile}: the saved pass cannot be read ({problem}). Run a new pass to replace it.", error.Message);
    }

    [Fact]
    public void The_fixtures_set_every_field_so_a_new_one_cannot_go_unwritten()
    {
        var unset = new List<string>();
        Walk(StateFixtures.FullReport(), "report", unset);
        Walk(StateFixtures.FullRecord(), "record", unset);

        Assert.Empty(unset);
    }

    /// <summary>The hand-written text is the serializer's, character for character, and reads back to what the serializer writes again.</summary>
    private static void AssertAsTheSerializer<T>(T value, Func<T, string> write, Func<string, T> read, JsonTypeInfo<T> serializer)
    {
        var expected = JsonSerializer.Serialize(value, serializer);

        var written = write(value);

        Assert.Equal(expected, written);
        Assert.Equal(expected, JsonSerializer.Serialize(read(written), serializer));
    }

    /// <summary>Every settable property of the agent's own types is set to something other than its type's default, all the way down.</summary>
    private static void Walk(object value, string path, List<string> unset)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var field = property.GetValue(value);
            var where = $"{path}.{property.Name}";
            if (field is null || (property.PropertyType.IsValueType && field.Equals(Activator.CreateInstance(property.PropertyType)))
                || (field is ICollection { Count: 0 }))
            {
                unset.Add(where);
            }
            else if (field is IEnumerable items and not string && items.Cast<object>().First() is var first && IsAgentType(first.GetType()))
            {
                Walk(first, where + "[0]", unset);
            }
            else if (IsAgentType(field.GetType()))
            {
                Walk(field, where, unset);
            }
        }
    }

    private static bool IsAgentType(Type type) => type.Namespace?.StartsWith("GitOpsAgent.", StringComparison.Ordinal) == true && !type.IsEnum;

    public void Dispose() => _dir.Dispose();
}
