using System.Text.Json;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Lifecycle;
using static GitOpsAgent.Core.State.JsonFields;

namespace GitOpsAgent.Core.State;

/// <summary>
/// An app's record under <c>state/apps/</c>: what was declared, the last good state and a held failure, as the JSON
/// serializer wrote them, written and read without it (see <see cref="JsonFields"/>). Every pass reads and compares it
/// for every app.
/// </summary>
internal static class AppRecordJson
{
    public static string Write(AppRecord record) => JsonFields.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("name", record.Name);
        json.WriteString("configSource", record.ConfigSource);
        WriteDesiredApp(json, "declared", record.Declared);
        json.WriteString("declaredConfigCommit", record.DeclaredConfigCommit);
        json.WriteString("configClonePath", record.ConfigClonePath);
        WriteLastGood(json, record.LastGood);
        WriteFailure(json, record.Failure);
        WriteDate(json, "removedAt", record.RemovedAt);
        json.WriteString("removedTo", record.RemovedTo);
        json.WriteNumber("removalAttempts", record.RemovalAttempts);
        json.WriteNumber("removalPassesWaited", record.RemovalPassesWaited);
        WriteDate(json, "removalLastAttemptAt", record.RemovalLastAttemptAt);
        json.WriteEndObject();
    });

    public static AppRecord Read(string text) => JsonFields.Read(text, record => new AppRecord
    {
        Name = RequiredString(record, "name"),
        ConfigSource = OptionalString(record, "configSource"),
        Declared = OptionalObject(record, "declared") is { } declared ? ReadDesiredApp(declared) : null,
        DeclaredConfigCommit = OptionalString(record, "declaredConfigCommit"),
        ConfigClonePath = OptionalString(record, "configClonePath"),
        LastGood = OptionalObject(record, "lastGood") is { } lastGood ? ReadLastGood(lastGood) : null,
        Failure = OptionalObject(record, "failure") is { } failure ? ReadFailure(failure) : null,
        RemovedAt = OptionalDate(record, "removedAt"),
        RemovedTo = OptionalString(record, "removedTo"),
        RemovalAttempts = Int(record, "removalAttempts"),
        RemovalPassesWaited = Int(record, "removalPassesWaited"),
        RemovalLastAttemptAt = OptionalDate(record, "removalLastAttemptAt"),
    });

    private static void WriteDesiredApp(Utf8JsonWriter json, string name, DesiredApp? app)
    {
        if (app is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("name", app.Name);
        json.WriteString("codeUrl", app.CodeUrl);
        json.WriteString("codeCommitHash", app.CodeCommitHash);
        json.WriteString("codeLocalPath", app.CodeLocalPath);
        json.WriteStartArray("configFiles");
        foreach (var file in app.ConfigFiles)
        {
            json.WriteStartObject();
            json.WriteString("source", file.Source);
            json.WriteString("destination", file.Destination);
            WriteInt(json, "mode", file.Mode);
            json.WriteString("owner", file.Owner);
            json.WriteString("group", file.Group);
            json.WriteBoolean("declaresAccess", file.DeclaresAccess);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("preUpdationCommand", app.PreUpdationCommand);
        json.WriteString("postUpdationCommand", app.PostUpdationCommand);
        json.WriteString("runAs", app.RunAs);
        json.WriteString("healthCheckCommand", app.HealthCheckCommand);
        json.WriteNumber("healthCheckRetries", app.HealthCheckRetries);
        json.WriteNumber("healthCheckInterval", app.HealthCheckInterval);
        json.WriteString("onFailure", app.OnFailure.ToString());
        json.WriteBoolean("suspended", app.Suspended);
        json.WriteString("suspendReason", app.SuspendReason);
        json.WriteString("sync", app.Sync.ToString());
        json.WriteString("onRemoval", app.OnRemoval.ToString());
        json.WriteString("removalCommand", app.RemovalCommand);
        json.WriteString("sourceFile", app.SourceFile);
        WriteInt(json, "sourceLine", app.SourceLine);
        json.WriteEndObject();
    }

    private static DesiredApp ReadDesiredApp(JsonElement app) => new()
    {
        Name = RequiredString(app, "name"),
        CodeUrl = RequiredString(app, "codeUrl"),
        CodeCommitHash = RequiredString(app, "codeCommitHash"),
        CodeLocalPath = RequiredString(app, "codeLocalPath"),
        ConfigFiles = ListOf(app, "configFiles", element =>
        {
            var file = AsObject(element, "configFiles");
            return new ConfigFileMapping(RequiredString(file, "source"), RequiredString(file, "destination"))
            {
                Mode = OptionalInt(file, "mode"),
                Owner = OptionalString(file, "owner"),
                Group = OptionalString(file, "group"),
            };
        }),
        PreUpdationCommand = OptionalString(app, "preUpdationCommand"),
        PostUpdationCommand = OptionalString(app, "postUpdationCommand"),
        RunAs = OptionalString(app, "runAs"),
        HealthCheckCommand = OptionalString(app, "healthCheckCommand"),
        HealthCheckRetries = Int(app, "healthCheckRetries", DesiredApp.DefaultHealthCheckRetries),
        HealthCheckInterval = Int(app, "healthCheckInterval", DesiredApp.DefaultHealthCheckInterval),
        OnFailure = EnumOr(app, "onFailure", FailurePolicy.Rollback),
        Suspended = Bool(app, "suspended"),
        SuspendReason = OptionalString(app, "suspendReason"),
        Sync = EnumOr(app, "sync", SyncMode.Auto),
        OnRemoval = EnumOr(app, "onRemoval", RemovalPolicy.Keep),
        RemovalCommand = OptionalString(app, "removalCommand"),
        SourceFile = OptionalString(app, "sourceFile"),
        SourceLine = OptionalInt(app, "sourceLine"),
    };

    private static void WriteLastGood(Utf8JsonWriter json, LastGoodState? lastGood)
    {
        if (lastGood is null)
        {
            json.WriteNull("lastGood");
            return;
        }

        json.WriteStartObject("lastGood");
        json.WriteString("commit", lastGood.Commit);
        WriteDesiredApp(json, "app", lastGood.App);
        json.WriteStartObject("files");
        foreach (var (file, hash) in lastGood.Files)
        {
            json.WriteString(file, hash);
        }

        json.WriteEndObject();
        json.WriteString("fingerprint", lastGood.Fingerprint);
        json.WriteString("since", lastGood.Since);
        json.WriteString("configCommit", lastGood.ConfigCommit);
        json.WriteEndObject();
    }

    private static LastGoodState ReadLastGood(JsonElement lastGood) => new()
    {
        Commit = RequiredString(lastGood, "commit"),
        App = ReadDesiredApp(RequiredObject(lastGood, "app")),
        Files = StringMap(lastGood, "files"),
        Fingerprint = RequiredString(lastGood, "fingerprint"),
        Since = Date(lastGood, "since"),
        ConfigCommit = OptionalString(lastGood, "configCommit"),
    };

    private static void WriteFailure(Utf8JsonWriter json, FailedAttempt? failure)
    {
        if (failure is null)
        {
            json.WriteNull("failure");
            return;
        }

        json.WriteStartObject("failure");
        json.WriteString("fingerprint", failure.Fingerprint);
        json.WriteString("commit", failure.Commit);
        json.WriteString("what", failure.What);
        json.WriteString("status", failure.Status);
        json.WriteString("error", failure.Error);
        json.WriteNumber("attempts", failure.Attempts);
        json.WriteNumber("passesWaited", failure.PassesWaited);
        json.WriteString("lastAttemptAt", failure.LastAttemptAt);
        json.WriteString("rolledBackTo", failure.RolledBackTo);
        json.WriteString("rollingBackTo", failure.RollingBackTo);
        json.WriteEndObject();
    }

    private static FailedAttempt ReadFailure(JsonElement failure) => new()
    {
        Fingerprint = RequiredString(failure, "fingerprint"),
        Commit = RequiredString(failure, "commit"),
        What = RequiredString(failure, "what"),
        Status = RequiredString(failure, "status"),
        Error = OptionalString(failure, "error"),
        Attempts = Int(failure, "attempts", 1),
        PassesWaited = Int(failure, "passesWaited"),
        LastAttemptAt = Date(failure, "lastAttemptAt"),
        RolledBackTo = OptionalString(failure, "rolledBackTo"),
        RollingBackTo = OptionalString(failure, "rollingBackTo"),
    };
}
