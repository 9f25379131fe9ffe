using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Core.Unix;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// Brings an app back to its last healthy state after a failed release: that commit checked out, its config files
/// restored byte for byte from the last-good store (what they replace goes to the backups, files the failed release
/// added are retired there too), then that state's post command and health check.
/// </summary>
public sealed class RollbackRunner(
    CodeUpdater code,
    ConfigFileInstaller installer,
    HookRunner hooks,
    HealthChecker health,
    AppRecordStore records,
    AppliedStateStore appliedState,
    DeclarationHistory declarations,
    IAgentHost host,
    string infraName)
{
    public RollbackResult Restore(DesiredApp failed, LastGoodState good, string? configClonePath, IReadOnlyList<string> failedAttemptBackups, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(good);
        ArgumentNullException.ThrowIfNull(failedAttemptBackups);
        // The declaration as git had it (commands unredacted); the record's own copy only when that commit is gone.
        var app = declarations.Find(configClonePath, good.ConfigCommit, good.App.Name) ?? good.App;
        good = good with { App = app };
        var commands = new List<CommandRun>();
        var backups = new List<string>();
        var preserved = new List<string>();
        host.WriteWarning($"{app.Name}: rolling back to {CommitId.Abbreviate(good.Commit)}, its last healthy state");
        try
        {
            RestoreCode(app, good.Commit, now, preserved);
            backups.AddRange(RestoreFiles(failed, good, failedAttemptBackups, now));
            if (app.PostUpdationCommand is { } post)
            {
                var run = hooks.Run("post", post, app, infraName, good.Commit, failed.CodeCommitHash, cancellationToken);
                commands.Add(run);
                if (!run.Succeeded)
                {
                    return Result($"its post_updation_command exited with {run.ExitCode}{(run.TimedOut ? " (timed out)" : string.Empty)}", null);
                }
            }

            var check = health.Check(app, good.Commit, cancellationToken);
            if (check is { Passed: false })
            {
                return Result(AppReconciler.HealthCheckError(app, check), check);
            }

            appliedState.Write(app.Name, AppliedStateStore.Fingerprint(app, good.Commit));
            return Result(null, check);
        }
        catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException)
        {
            return Result(ex.Message, null);
        }

        RollbackResult Result(string? error, HealthCheckResult? check) => new()
        {
            Error = error,
            Commands = commands,
            HealthCheck = check,
            Backups = backups,
            Preserved = preserved,
        };
    }

    private void RestoreCode(DesiredApp app, string commit, DateTimeOffset now, List<string> preserved)
    {
        var path = app.CodeLocalPath;
        if (!Directory.Exists(path) || GitRepositoryLayout.Open(path) is null)
        {
            throw new IOException($"{path} is no longer a git checkout, so {CommitId.Abbreviate(commit)} cannot be checked out there");
        }

        if (code.ShortStatus(path).Length > 0 && code.PreserveLocalChanges(app, now) is { } kept)
        {
            preserved.Add(kept);
        }

        if (!string.Equals(code.HeadCommit(path), commit, StringComparison.Ordinal))
        {
            code.Checkout(app, commit);
        }

        if (app.RunAs is { } runAs && !OperatingSystem.IsWindows() && UnixAccounts.FindUser(runAs) is { } account)
        {
            UnixAccounts.ChangeOwnerOfTree(path, account.Uid, account.Gid);
        }
    }

    private List<string> RestoreFiles(DesiredApp failed, LastGoodState good, IReadOnlyList<string> failedAttemptBackups, DateTimeOffset now)
    {
        var stamp = ConfigFileInstaller.BackupStamp(now) + "-rollback";
        var contents = new List<(ConfigFileMapping File, byte[] Content)>();
        foreach (var file in good.App.ConfigFiles)
        {
            if (!good.Files.TryGetValue(file.Destination, out var sha))
            {
                continue;
            }

            var content = records.KeptFile(good.App.Name, sha)
                ?? throw new IOException($"the healthy content of {file.Destination} (sha256 {sha[..12]}) is missing from {Path.Combine("state", "last-good")}");
            contents.Add((file, content));
        }

        var backups = new List<string>(installer.InstallContents(good.App.Name, contents, now, stamp));

        // Files only the failed release declared: what was there before comes back from that attempt's backup, a file it
        // created is retired to the backups.
        var healthy = good.App.ConfigFiles.Select(file => file.Destination).ToHashSet(StringComparer.Ordinal);
        foreach (var file in failed.ConfigFiles.Where(file => !healthy.Contains(file.Destination)))
        {
            var before = failedAttemptBackups.FirstOrDefault(backup => backup.EndsWith(file.Destination, StringComparison.Ordinal));
            if (installer.Retire(failed.Name, file.Destination, now, stamp) is { } retired)
            {
                backups.Add(retired);
            }

            if (before is not null)
            {
                AtomicFile.WriteAllBytes(file.Destination, File.ReadAllBytes(before));
            }
        }

        return backups;
    }
}
