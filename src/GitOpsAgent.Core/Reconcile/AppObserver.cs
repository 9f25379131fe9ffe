using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Core.Unix;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Looks at one app on the device without changing it. An app in sync costs one git process
/// (status); the origin URL is read from the repo's config file.
/// </summary>
public sealed class AppObserver(GitClient git, AppliedStateStore appliedState)
{
    internal const string CloneTemporaryMarker = ".gitops-clone-";

    // git holds index.lock for moments; one this old was left by a killed process.
    private static readonly TimeSpan StaleIndexLockAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Set when the previous pass died holding the agent lock: an index.lock older than this was left by git under that
    /// pass (nobody else runs git for the agent), and is removed instead of waited for.
    /// </summary>
    public DateTimeOffset? InterruptedPassBefore { get; init; }

    public AppObservation Observe(DesiredApp desired, string configClonePath)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var path = desired.CodeLocalPath;
        var warnings = new List<string>();
        RemoveHalfFinishedClones(path, warnings);
        var baseline = new AppObservation { Desired = desired, ConfigClonePath = configClonePath };
        var (filesToCopy, fileDrift, refused) = ObserveConfigFiles(desired, configClonePath, warnings);
        if (refused is not null)
        {
            return baseline with { Warnings = warnings, BlockingError = refused, BlockingErrorIsConfig = true };
        }

        if (desired.RunAs is { } runAs && UnixAccounts.FindUser(runAs) is null)
        {
            return baseline with { Warnings = warnings, BlockingError = RunAsUnknown(desired, runAs), BlockingErrorIsConfig = true };
        }

        if (File.Exists(path))
        {
            return baseline with { Warnings = warnings, BlockingError = $"code_local_path {path} is a file, not a directory; the agent never overwrites it. Move it away or change code_local_path." };
        }

        if (!Directory.Exists(path) || !Directory.EnumerateFileSystemEntries(path).Any())
        {
            var drift = new List<DriftReason> { DriftReason.NotCloned };
            drift.AddRange(fileDrift);
            return baseline with { Drift = drift, ConfigFilesToCopy = filesToCopy, Warnings = warnings };
        }

        var layout = GitRepositoryLayout.Open(path);
        if (layout is null)
        {
            return baseline with { Warnings = warnings, NotAGitCheckout = true, BlockingError = $"code_local_path {path} holds files that are not a git repository; the agent never overwrites them. Move them away (or empty the folder) so the app can be cloned there, or change code_local_path." };
        }

        var origin = layout.ReadOriginUrl() ?? ReadOriginWithGit(path);
        if (origin is null || !string.Equals(ConfigRepoSource.Normalize(origin), ConfigRepoSource.Normalize(desired.CodeUrl), StringComparison.Ordinal))
        {
            var actual = origin is null ? "a repository without an 'origin' remote" : $"a clone of {origin}";
            return baseline with { Cloned = true, OriginUrl = origin, Warnings = warnings, BlockingError = $"code_local_path {path} is {actual}, not of {desired.CodeUrl}; the agent never resets another repository. Fix code_url or code_local_path, or move that clone away." };
        }

        if (layout.RebaseInProgress)
        {
            return baseline with { Cloned = true, OriginUrl = origin, Warnings = warnings, BlockingError = $"a rebase is in progress in {path} (the agent never rebases app repos, so someone else started it). Finish it or run 'git -C {path} rebase --abort'." };
        }

        if (!RepairStaleIndexLock(layout, warnings))
        {
            return baseline with { Cloned = true, OriginUrl = origin, Warnings = warnings, BlockingError = $"another git command is working in {path} ({layout.IndexLock} exists and is recent); the app is left alone this pass and retried on the next." };
        }

        var status = GitStatusSnapshot.Parse(git.Run(path, GitCallKind.Local, "status", "--porcelain=v2", "--branch", "--untracked-files=no"));
        if (status.HeadCommit is null)
        {
            // The agent always leaves a commit checked out; a HEAD on no commit is damage, not a state to build on.
            return baseline with { Cloned = true, OriginUrl = origin, Warnings = warnings, Broken = true, BlockingError = $"HEAD of {path} points to no commit" };
        }

        var (resolved, resolveError) = Resolve(path, desired.CodeCommitHash, status.HeadCommit);
        if (resolveError is not null)
        {
            return baseline with { Cloned = true, OriginUrl = origin, HeadCommit = status.HeadCommit, Warnings = warnings, BlockingError = resolveError, BlockingErrorIsConfig = true };
        }

        var reasons = new List<DriftReason>();
        if (resolved is null || !string.Equals(resolved, status.HeadCommit, StringComparison.Ordinal))
        {
            reasons.Add(DriftReason.WrongCommit);
        }

        if (status.Changes.Count > 0)
        {
            reasons.Add(DriftReason.LocalChanges);
        }

        reasons.AddRange(fileDrift);
        var applied = appliedState.Read(desired.Name);
        if (applied is not null && applied != AppliedStateStore.Fingerprint(desired, resolved ?? desired.CodeCommitHash))
        {
            reasons.Add(DriftReason.DesiredStateChanged);
        }

        return baseline with
        {
            Cloned = true,
            OriginUrl = origin,
            HeadCommit = status.HeadCommit,
            ResolvedCommit = resolved,
            LocalChanges = status.Changes,
            ConfigFilesToCopy = filesToCopy,
            Drift = reasons,
            Warnings = warnings,
        };
    }

    /// <summary>Like <see cref="Observe"/>, but what stops the observation becomes the app's blocking error.</summary>
    public AppObservation ObserveSafely(DesiredApp app, string configClonePath)
    {
        try
        {
            return Observe(app, configClonePath);
        }
        catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException)
        {
            return new AppObservation { Desired = app, ConfigClonePath = configClonePath, BlockingError = ex.Message, Broken = ex is GitException && BrokenClone.Looks(ex.Message) };
        }
    }

    internal static string RunAsUnknown(DesiredApp desired, string runAs) =>
        $"run_as user \"{runAs}\" does not exist on this device, so {desired.Name}'s commands cannot run as it; nothing was changed. Create the user (useradd --system {runAs}), or fix run_as in {desired.SourceFile ?? "infra_meta.toml"}{(desired.SourceLine is { } line ? $" (section at line {line})" : string.Empty)}.";

    /// <summary>The pinned commit as a full id (null when missing locally), or an error when it is ambiguous.</summary>
    internal (string? Resolved, string? Error) Resolve(string path, string pinned, string? head)
    {
        if (head is not null && CommitId.IsFull(pinned) && string.Equals(pinned, head, StringComparison.OrdinalIgnoreCase))
        {
            return (head, null);
        }

        var result = git.TryRun(path, GitCallKind.Local, "rev-parse", "--verify", "--end-of-options", pinned.ToLowerInvariant() + "^{commit}");
        if (result.Succeeded)
        {
            return (result.StandardOutput.Trim(), null);
        }

        if (result.StandardError.Contains("ambiguous", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"code_commit_hash \"{pinned}\" is ambiguous in {path}: more than one object starts with it. Write more digits (the full 40-digit id is safest).");
        }

        return (null, null);
    }

    private static (List<ConfigFileMapping> ToCopy, List<DriftReason> Drift, string? Refused) ObserveConfigFiles(DesiredApp desired, string configClonePath, List<string> warnings)
    {
        var toCopy = new List<ConfigFileMapping>();
        var drift = new List<DriftReason>();
        foreach (var file in desired.ConfigFiles)
        {
            if (AtomicFile.RemoveStaleTemporaries(file.Destination) > 0)
            {
                warnings.Add($"removed what an interrupted pass had half written beside {file.Destination}");
            }

            var resolved = ConfigSourcePath.Resolve(configClonePath, file.Source);
            if (resolved.Problem is { } problem)
            {
                // The whole app waits: a half-applied set of config files is worse than none.
                return (toCopy, drift, problem);
            }

            var source = resolved.Path!;
            if (!File.Exists(source))
            {
                warnings.Add($"config_files src \"{file.Source}\" does not exist in the config repo; {file.Destination} was left as it is. Add the file or fix src.");
                continue;
            }

            if (!File.Exists(file.Destination))
            {
                toCopy.Add(file);
                AddOnce(drift, DriftReason.ConfigFileMissing);
            }
            else if (!SameBytes(source, file.Destination))
            {
                toCopy.Add(file);
                AddOnce(drift, DriftReason.ConfigFileDiffers);
            }
            else if (file.DeclaresAccess && !HasDeclaredAccess(file))
            {
                toCopy.Add(file);
                AddOnce(drift, DriftReason.ConfigFileMode);
            }
        }

        return (toCopy, drift, null);
    }

    /// <summary>
    /// True when the destination has the declared mode, owner and group. An owner or group this device does not know
    /// counts as different, so the installer runs and fails the config update with a message naming it.
    /// </summary>
    private static bool HasDeclaredAccess(ConfigFileMapping file)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var actual = UnixAccounts.Stat(file.Destination);
        if (file.Mode is { } mode && actual.Mode != mode)
        {
            return false;
        }

        if (file.Owner is { } owner && UnixAccounts.FindUser(owner)?.Uid != actual.Uid)
        {
            return false;
        }

        return file.Group is not { } group || UnixAccounts.FindGroupId(group) == actual.Gid;
    }

    private static void AddOnce(List<DriftReason> reasons, DriftReason reason)
    {
        if (!reasons.Contains(reason))
        {
            reasons.Add(reason);
        }
    }

    internal static bool SameBytes(string left, string right)
    {
        var a = new FileInfo(left);
        var b = new FileInfo(right);
        if (a.Length != b.Length)
        {
            return false;
        }

        return File.ReadAllBytes(left).AsSpan().SequenceEqual(File.ReadAllBytes(right));
    }

    private string? ReadOriginWithGit(string path)
    {
        var result = git.TryRun(path, GitCallKind.Local, "config", "--get", "remote.origin.url");
        var url = result.StandardOutput.Trim();
        return result.Succeeded && url.Length > 0 ? url : null;
    }

    private bool RepairStaleIndexLock(GitRepositoryLayout layout, List<string> warnings)
    {
        var info = new FileInfo(layout.IndexLock);
        if (!info.Exists)
        {
            return true;
        }

        var leftByInterruptedPass = InterruptedPassBefore is { } before && info.LastWriteTimeUtc < before.UtcDateTime;
        if (!leftByInterruptedPass && DateTime.UtcNow - info.LastWriteTimeUtc < StaleIndexLockAge)
        {
            return false;
        }

        info.Delete();
        warnings.Add($"removed a stale {layout.IndexLock} left by an interrupted git command");
        return true;
    }

    /// <summary>A clone interrupted mid-way is left in a temporary sibling folder; it is only ours to remove.</summary>
    private static void RemoveHalfFinishedClones(string path, List<string> warnings)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path));
        if (parent is null || !Directory.Exists(parent))
        {
            return;
        }

        var prefix = "." + Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) + CloneTemporaryMarker;
        foreach (var leftover in Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            Directory.Delete(leftover, recursive: true);
            warnings.Add($"removed {leftover}, a clone left half-finished by an interrupted pass");
        }
    }
}
