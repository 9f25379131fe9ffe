using System.Text.Json;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Lifecycle;
using GitOpsAgent.Core.Reports;
using static GitOpsAgent.Core.State.JsonFields;

namespace GitOpsAgent.Core.State;

/// <summary>
/// last-pass.json: the report with every field as the JSON serializer wrote it (camelCase names, the derived
/// fields such as <c>healthy</c> and <c>overallStatus</c> too, for scripts that read the file), written and read
/// without the serializer (see <see cref="JsonFields"/>). A test holds it to the serializer's output field for field.
/// </summary>
internal static class PassReportJson
{
    public static string Write(PassReport report) => JsonFields.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("infraName", report.InfraName);
        json.WriteString("startedAt", report.StartedAt);
        json.WriteString("finishedAt", report.FinishedAt);
        json.WriteBoolean("dryRun", report.DryRun);
        json.WriteStartArray("apps");
        foreach (var app in report.Apps)
        {
            WriteApp(json, app);
        }

        json.WriteEndArray();
        json.WriteStartArray("configRepos");
        foreach (var repo in report.ConfigRepos)
        {
            WriteConfigRepo(json, repo);
        }

        json.WriteEndArray();
        WriteStrings(json, "warnings", report.Warnings);
        json.WriteBoolean("previousPassInterrupted", report.PreviousPassInterrupted);
        json.WriteBoolean("allHealthy", report.AllHealthy);
        json.WriteBoolean("remoteReachable", report.RemoteReachable);
        json.WriteBoolean("needsAttention", report.NeedsAttention);
        json.WriteString("overallStatus", report.OverallStatus);
        json.WriteEndObject();
    });

    public static PassReport Read(string text) => JsonFields.Read(text, root => new PassReport
    {
        InfraName = RequiredString(root, "infraName"),
        StartedAt = Date(root, "startedAt"),
        FinishedAt = Date(root, "finishedAt"),
        DryRun = Bool(root, "dryRun"),
        Apps = ListOf(root, "apps", app => ReadApp(AsObject(app, "apps"))),
        ConfigRepos = ListOf(root, "configRepos", repo => ReadConfigRepo(AsObject(repo, "configRepos"))),
        Warnings = StringList(root, "warnings"),
        PreviousPassInterrupted = Bool(root, "previousPassInterrupted"),
    });

    private static void WriteApp(Utf8JsonWriter json, AppOutcome app)
    {
        json.WriteStartObject();
        json.WriteString("name", app.Name);
        json.WriteString("configSource", app.ConfigSource);
        json.WriteString("status", app.Status);
        json.WriteBoolean("healthy", app.Healthy);
        json.WriteBoolean("needsAttention", app.NeedsAttention);
        json.WriteBoolean("changed", app.Changed);
        WriteStrings(json, "drift", app.Drift.Select(reason => reason.ToString()));
        WriteStrings(json, "actions", app.Actions);
        WriteStrings(json, "steps", app.Steps);
        json.WriteString("desiredCommit", app.DesiredCommit);
        json.WriteString("actualCommit", app.ActualCommit);
        json.WriteString("codeLocalPath", app.CodeLocalPath);
        json.WriteString("error", app.Error);
        WriteStep(json, "configUpdate", app.ConfigUpdate);
        WriteStep(json, "appUpdate", app.AppUpdate);
        json.WriteStartArray("commands");
        foreach (var command in app.Commands)
        {
            WriteCommand(json, command);
        }

        json.WriteEndArray();
        WriteStrings(json, "preservedChanges", app.PreservedChanges);
        WriteStrings(json, "configBackups", app.ConfigBackups);
        WriteStrings(json, "warnings", app.Warnings);
        WriteHealthCheck(json, app.HealthCheck);
        json.WriteString("failedStep", app.FailedStep);
        json.WriteString("failedCommit", app.FailedCommit);
        json.WriteString("rolledBackTo", app.RolledBackTo);
        json.WriteNumber("failedAttempts", app.FailedAttempts);
        json.WriteBoolean("heldBack", app.HeldBack);
        if (app.Suspension is { } suspension)
        {
            json.WritePropertyName("suspension");
            AppSuspensionJson.WriteValue(json, suspension);
        }
        else
        {
            json.WriteNull("suspension");
        }

        json.WriteString("sync", app.Sync.ToString());
        json.WriteString("onFailure", app.OnFailure.ToString());
        json.WriteBoolean("removed", app.Removed);
        json.WriteString("removedTo", app.RemovedTo);
        json.WriteEndObject();
    }

    private static AppOutcome ReadApp(JsonElement app) => new()
    {
        Name = RequiredString(app, "name"),
        ConfigSource = RequiredString(app, "configSource"),
        Status = StringOr(app, "status", StatusLabels.Healthy),
        Changed = Bool(app, "changed"),
        Drift = EnumList<DriftReason>(app, "drift"),
        Actions = StringList(app, "actions"),
        Steps = StringList(app, "steps"),
        DesiredCommit = OptionalString(app, "desiredCommit"),
        ActualCommit = OptionalString(app, "actualCommit"),
        CodeLocalPath = OptionalString(app, "codeLocalPath"),
        Error = OptionalString(app, "error"),
        ConfigUpdate = OptionalObject(app, "configUpdate") is { } configUpdate ? ReadStep(configUpdate) : StepResult.NotNeeded,
        AppUpdate = OptionalObject(app, "appUpdate") is { } appUpdate ? ReadStep(appUpdate) : StepResult.NotNeeded,
        Commands = ListOf(app, "commands", command => ReadCommand(AsObject(command, "commands"))),
        PreservedChanges = StringList(app, "preservedChanges"),
        ConfigBackups = StringList(app, "configBackups"),
        Warnings = StringList(app, "warnings"),
        HealthCheck = OptionalObject(app, "healthCheck") is { } check ? ReadHealthCheck(check) : null,
        FailedStep = OptionalString(app, "failedStep"),
        FailedCommit = OptionalString(app, "failedCommit"),
        RolledBackTo = OptionalString(app, "rolledBackTo"),
        FailedAttempts = Int(app, "failedAttempts"),
        HeldBack = Bool(app, "heldBack"),
        Suspension = OptionalObject(app, "suspension") is { } suspension ? AppSuspensionJson.ReadValue(suspension) : null,
        Sync = EnumOr(app, "sync", SyncMode.Auto),
        OnFailure = EnumOr(app, "onFailure", FailurePolicy.Rollback),
        Removed = Bool(app, "removed"),
        RemovedTo = OptionalString(app, "removedTo"),
    };

    private static void WriteStep(Utf8JsonWriter json, string name, StepResult step)
    {
        json.WriteStartObject(name);
        json.WriteBoolean("attempted", step.Attempted);
        json.WriteBoolean("succeeded", step.Succeeded);
        json.WriteNumber("returnValue", step.ReturnValue);
        json.WriteString("error", step.Error);
        json.WriteString("gitStatus", step.GitStatus);
        json.WriteString("latestCommit", step.LatestCommit);
        json.WriteEndObject();
    }

    private static StepResult ReadStep(JsonElement step) => new()
    {
        Attempted = Bool(step, "attempted"),
        Succeeded = Bool(step, "succeeded"),
        Error = OptionalString(step, "error"),
        GitStatus = StringOr(step, "gitStatus", string.Empty),
        LatestCommit = OptionalString(step, "latestCommit"),
    };

    private static void WriteCommand(Utf8JsonWriter json, CommandRun command)
    {
        json.WriteStartObject();
        json.WriteString("stage", command.Stage);
        json.WriteString("command", command.Command);
        json.WriteNumber("exitCode", command.ExitCode);
        json.WriteBoolean("timedOut", command.TimedOut);
        json.WriteString("log", command.Log);
        json.WriteNumber("durationSeconds", command.DurationSeconds);
        json.WriteBoolean("succeeded", command.Succeeded);
        json.WriteEndObject();
    }

    private static CommandRun ReadCommand(JsonElement command) => new(
        RequiredString(command, "stage"),
        RequiredString(command, "command"),
        Int(command, "exitCode"),
        Bool(command, "timedOut"),
        RequiredString(command, "log"),
        Real(command, "durationSeconds"));

    private static void WriteHealthCheck(Utf8JsonWriter json, HealthCheckResult? check)
    {
        if (check is null)
        {
            json.WriteNull("healthCheck");
            return;
        }

        json.WriteStartObject("healthCheck");
        json.WriteString("command", check.Command);
        json.WriteBoolean("passed", check.Passed);
        json.WriteNumber("exitCode", check.ExitCode);
        json.WriteBoolean("timedOut", check.TimedOut);
        json.WriteNumber("tries", check.Tries);
        json.WriteString("output", check.Output);
        json.WriteString("result", check.Result);
        json.WriteEndObject();
    }

    private static HealthCheckResult ReadHealthCheck(JsonElement check) => new(
        RequiredString(check, "command"),
        Bool(check, "passed"),
        Int(check, "exitCode"),
        Bool(check, "timedOut"),
        Int(check, "tries"),
        RequiredString(check, "output"));

    private static void WriteConfigRepo(Utf8JsonWriter json, ConfigRepoState repo)
    {
        json.WriteStartObject();
        json.WriteString("url", repo.Url);
        json.WriteString("branch", repo.Branch);
        json.WriteString("clonePath", repo.ClonePath);
        json.WriteString("commit", repo.Commit);
        json.WriteBoolean("reachable", repo.Reachable);
        json.WriteBoolean("fetched", repo.Fetched);
        json.WriteString("error", repo.Error);
        json.WriteString("untrustedLabel", repo.UntrustedLabel);
        json.WriteBoolean("untrusted", repo.Untrusted);
        json.WriteString("historyRewritten", repo.HistoryRewritten);
        json.WriteString("source", repo.Source);
        json.WriteEndObject();
    }

    private static ConfigRepoState ReadConfigRepo(JsonElement repo) => new()
    {
        Url = RequiredString(repo, "url"),
        Branch = RequiredString(repo, "branch"),
        ClonePath = RequiredString(repo, "clonePath"),
        Commit = OptionalString(repo, "commit"),
        Reachable = Bool(repo, "reachable"),
        Fetched = Bool(repo, "fetched"),
        Error = OptionalString(repo, "error"),
        UntrustedLabel = OptionalString(repo, "untrustedLabel"),
        HistoryRewritten = OptionalString(repo, "historyRewritten"),
    };
}
