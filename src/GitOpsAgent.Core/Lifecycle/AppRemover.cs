using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// Handles an app that left the desired state, by the last declaration the device saw: on_removal = "keep" says so
/// and leaves everything; "remove" runs removal_command, retires its config files to the backups and moves its
/// checkout to <c>&lt;home&gt;/removed/&lt;app&gt;/&lt;time&gt;/</c>, local changes and all. Nothing is deleted.
/// </summary>
public sealed class AppRemover(
    AgentPaths paths,
    ConfigFileInstaller installer,
    HookRunner hooks,
    AppRecordStore records,
    AppliedStateStore appliedState,
    SuspensionStore suspensions,
    DeclarationHistory declarations,
    IAgentHost host,
    string infraName)
{
    public AppOutcome Remove(AppRecord record, bool dryRun, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stored = record.Declared ?? throw new ArgumentException("a removal needs the app's last declaration", nameof(record));
        var app = declarations.Find(record.ConfigClonePath, record.DeclaredConfigCommit, record.Name) ?? stored;
        var outcome = new AppOutcome
        {
            Name = app.Name,
            ConfigSource = record.ConfigSource ?? string.Empty,
            Status = StatusLabels.Removed,
            DesiredCommit = null,
            ActualCommit = record.LastGood?.Commit,
            CodeLocalPath = app.CodeLocalPath,
            Removed = true,
            RemovedTo = record.RemovedTo,
        };
        if (record.RemovedAt is not null)
        {
            return outcome;
        }

        if (app.OnRemoval == RemovalPolicy.Keep)
        {
            var kept = $"left {app.CodeLocalPath}{(app.ConfigFiles.Count == 0 ? string.Empty : " and " + string.Join(", ", app.ConfigFiles.Select(f => f.Destination)))} on disk (on_removal = \"keep\")";
            if (!dryRun)
            {
                host.WriteWarning($"{app.Name}: no longer declared; {kept}");
                Forget(record with { RemovedAt = now });
            }

            return outcome with { Actions = [kept], Steps = ["keep"] };
        }

        if (dryRun)
        {
            return outcome with { Status = StatusLabels.WouldChange(["remove"]), Actions = Planned(app), Steps = ["remove"] };
        }

        if (record.RemovalAttempts > 0 && !RetrySchedule.Due(record.RemovalAttempts, record.RemovalPassesWaited, record.RemovalLastAttemptAt ?? now, now))
        {
            records.Write(record with { RemovalPassesWaited = record.RemovalPassesWaited + 1 });
            return outcome with { Status = StatusLabels.RemovalFailed, Removed = false, Error = RemovalError(app, record.RemovalAttempts, null), HeldBack = true };
        }

        var commands = new List<CommandRun>();
        if (app.RemovalCommand is { } command)
        {
            var run = hooks.Run("removal", command, app, infraName, record.LastGood?.Commit, record.LastGood?.Commit, cancellationToken);
            commands.Add(run);
            if (!run.Succeeded)
            {
                var attempts = record.RemovalAttempts + 1;
                records.Write(record with { RemovalAttempts = attempts, RemovalPassesWaited = 0, RemovalLastAttemptAt = now });
                var error = RemovalError(app, attempts, run);
                host.WriteWarning($"{app.Name}: {error}");
                return outcome with { Status = StatusLabels.RemovalFailed, Removed = false, Changed = true, Commands = commands, Error = error, Actions = [$"run removal_command: {command}"], Steps = ["removal"] };
            }
        }

        var actions = new List<string>();
        var warnings = new List<string>();
        if (app.RemovalCommand is not null)
        {
            actions.Add($"ran removal_command: {app.RemovalCommand}");
        }

        var backups = new List<string>();
        foreach (var file in app.ConfigFiles)
        {
            if (installer.Retire(app.Name, file.Destination, now) is { } backup)
            {
                backups.Add(backup);
                actions.Add($"moved config file {file.Destination} to {backup}");
            }
        }

        var movedTo = MoveCheckout(app, now, warnings);
        if (movedTo is not null)
        {
            actions.Add($"moved {app.CodeLocalPath} to {movedTo}");
        }

        host.WriteWarning($"{app.Name}: no longer declared; removed ({string.Join("; ", actions)})");
        Forget(record with { RemovedAt = now, RemovedTo = movedTo });
        return outcome with
        {
            Changed = true,
            Commands = commands,
            ConfigBackups = backups,
            Actions = actions,
            Steps = ["remove"],
            RemovedTo = movedTo,
            Warnings = warnings,
        };
    }

    /// <summary>Deletes removed checkouts older than the retention (monitoring_history_retention_days); says what went.</summary>
    public IReadOnlyList<string> Trim(int retentionDays, DateTimeOffset now)
    {
        var trimmed = new List<string>();
        if (retentionDays <= 0 || !Directory.Exists(paths.Removed))
        {
            return trimmed;
        }

        foreach (var folder in Directory.EnumerateDirectories(paths.Removed).SelectMany(Directory.EnumerateDirectories))
        {
            if (DateTimeOffset.TryParseExact(Path.GetFileName(folder), "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                && now - at > TimeSpan.FromDays(retentionDays))
            {
                Directory.Delete(folder, recursive: true);
                trimmed.Add(folder);
            }
        }

        return trimmed;
    }

    private static List<string> Planned(DesiredApp app)
    {
        var planned = new List<string>();
        if (app.RemovalCommand is not null)
        {
            planned.Add($"run removal_command: {app.RemovalCommand}");
        }

        planned.AddRange(app.ConfigFiles.Select(file => $"move config file {file.Destination} to the backups"));
        planned.Add($"move {app.CodeLocalPath} under the agent home's removed/ folder");
        return planned;
    }

    private static string RemovalError(DesiredApp app, int attempts, CommandRun? run) =>
        $"removal_command {(run is null ? "failed" : $"exited with {run.ExitCode}{(run.TimedOut ? " (timed out)" : string.Empty)}")} ({attempts} attempt(s)); nothing was moved. It is tried again after 1, 2, 4 … passes (at most an hour apart). Fix what makes it fail (its output is in the report); to give up removing, declare {app.Name} again with on_removal = \"keep\" and remove it once more.";

    /// <summary>The checkout, moved whole (local changes travel with it); only a clone of the app's own repo is moved.</summary>
    private string? MoveCheckout(DesiredApp app, DateTimeOffset now, List<string> warnings)
    {
        var path = app.CodeLocalPath;
        if (!Directory.Exists(path))
        {
            return null;
        }

        var origin = GitRepositoryLayout.Open(path)?.ReadOriginUrl();
        if (origin is null || ConfigRepoSource.Normalize(origin) != ConfigRepoSource.Normalize(app.CodeUrl))
        {
            warnings.Add($"{path} was left in place: it is not a clone of {app.CodeUrl}, so the agent did not make it");
            return null;
        }

        var target = Path.Combine(paths.Removed, Uri.EscapeDataString(app.Name), ConfigFileInstaller.BackupStamp(now));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(path, target);
            return target;
        }
        catch (IOException ex)
        {
            // Another file system (rename cannot cross it): copying and deleting would be an rm -rf the agent never does.
            warnings.Add($"{path} was left in place: it could not be moved to {target} ({ex.Message})");
            return null;
        }
    }

    /// <summary>After a removal nothing of the app's past is kept but the record's tombstone: a re-added app deploys fresh.</summary>
    private void Forget(AppRecord record)
    {
        appliedState.Delete(record.Name);
        suspensions.Resume(record.Name);
        records.PruneFiles(record.Name, []);
        records.Write(record with { LastGood = null, Failure = null, RemovalAttempts = 0, RemovalPassesWaited = 0, RemovalLastAttemptAt = null });
    }
}
