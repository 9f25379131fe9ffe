using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.State;
using GitOpsAgent.Core.Unix;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Puts config files in place atomically (written beside with their final mode and owner, then renamed; parents
/// created), after keeping
/// the file being replaced under the agent home's backups, newest <see cref="KeepPerApp"/> passes per app.
/// </summary>
public sealed class ConfigFileInstaller(AgentPaths paths)
{
    public const int KeepPerApp = 10;

    /// <summary>rw-r--r--: a new config file's mode when config_files gives none.</summary>
    public const int DefaultMode = 0b110_100_100;

    // (uid_t)-1 tells chown to leave that id as it is.
    private const uint Unchanged = uint.MaxValue;

    /// <summary>Installs <paramref name="files"/> from the config repo; returns the backup paths of files it replaced.</summary>
    public IReadOnlyList<string> Install(string appName, string configClonePath, IReadOnlyList<ConfigFileMapping> files, DateTimeOffset now)
    {
        using var staged = Stage(appName, configClonePath, files, now);
        return staged.Commit();
    }

    /// <summary>Writes <paramref name="files"/> from the config repo beside their destinations, ready to be put in place.</summary>
    public StagedConfigFiles Stage(string appName, string configClonePath, IReadOnlyList<ConfigFileMapping> files, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        var contents = new List<(ConfigFileMapping File, byte[] Content)>();
        foreach (var file in files)
        {
            // Resolved again at the moment of copying: the checkout may have moved since it was observed.
            var resolved = ConfigSourcePath.Resolve(configClonePath, file.Source);
            var source = resolved.Path ?? throw new IOException(resolved.Problem);
            contents.Add((file, File.ReadAllBytes(source)));
        }

        return StageContents(appName, contents, now, BackupStamp(now));
    }

    /// <summary>
    /// Writes each file's <c>Content</c> to its destination with its declared access, keeping what it replaces under
    /// <c>backups/&lt;app&gt;/&lt;stamp&gt;/</c>; returns the backup paths.
    /// </summary>
    public IReadOnlyList<string> InstallContents(string appName, IReadOnlyList<(ConfigFileMapping File, byte[] Content)> files, DateTimeOffset now, string stamp)
    {
        using var staged = StageContents(appName, files, now, stamp);
        return staged.Commit();
    }

    private StagedConfigFiles StageContents(string appName, IReadOnlyList<(ConfigFileMapping File, byte[] Content)> files, DateTimeOffset now, string stamp)
    {
        ArgumentNullException.ThrowIfNull(files);
        // Every owner and group is resolved before any file is written: an unknown user must not leave half the set applied.
        var owners = files.Select(entry => ResolveOwner(appName, entry.File)).ToList();
        var prepared = new List<(string Temporary, string Destination, byte[] Content)>();
        var staged = new StagedConfigFiles(prepared, destination => Backup(appName, stamp, destination), () => Prune(appName));
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var (file, content) = files[i];
                var destination = file.Destination;
                if (OperatingSystem.IsWindows())
                {
                    prepared.Add((AtomicFile.Prepare(destination, content, null, null), destination, content));
                    continue;
                }

                // Not declared: a replaced file keeps its mode and owner (an .env readable only by its service must not become
                // world-readable because we replaced it), a new one is 0644 and the agent's.
                var current = File.Exists(destination) ? UnixAccounts.Stat(destination) : (UnixFileStatus?)null;
                var mode = (UnixFileMode)(file.Mode ?? current?.Mode ?? DefaultMode);
                var owner = owners[i];
                var uid = owner.Uid ?? current?.Uid;
                var gid = owner.Gid ?? current?.Gid;
                UnixFileOwner? ownership = uid is null && gid is null ? null : new UnixFileOwner(uid ?? Unchanged, gid ?? Unchanged);
                prepared.Add((AtomicFile.Prepare(destination, content, mode, ownership), destination, content));
            }
        }
        catch
        {
            staged.Dispose();
            throw;
        }

        return staged;
    }

    /// <summary>Moves a config file the app no longer has into the backups; returns where it went, or null when it did not exist.</summary>
    public string? Retire(string appName, string destination, DateTimeOffset now, string? stamp = null)
    {
        if (!File.Exists(destination))
        {
            return null;
        }

        var backup = Backup(appName, stamp ?? BackupStamp(now), destination);
        File.Delete(destination);
        return backup;
    }

    /// <summary>The folder name of one pass's backups: its time, UTC, to the second.</summary>
    public static string BackupStamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private string Backup(string appName, string stamp, string destination)
    {
        var backup = Path.Combine(paths.Backups, Uri.EscapeDataString(appName), stamp, destination.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        File.Copy(destination, backup, overwrite: true);
        return backup;
    }

    private static (uint? Uid, uint? Gid) ResolveOwner(string appName, ConfigFileMapping file)
    {
        uint? uid = null;
        uint? gid = null;
        if (file.Owner is { } owner)
        {
            uid = UnixAccounts.FindUser(owner)?.Uid
                ?? throw new IOException($"config file {file.Destination} of {appName} should be owned by user \"{owner}\", which does not exist on this device; no config file of {appName} was changed. Create the user (useradd --system {owner}), or fix owner in its config_files entry.");
        }

        if (file.Group is { } group)
        {
            gid = UnixAccounts.FindGroupId(group)
                ?? throw new IOException($"config file {file.Destination} of {appName} should belong to group \"{group}\", which does not exist on this device; no config file of {appName} was changed. Create the group (groupadd --system {group}), or fix group in its config_files entry.");
        }

        return (uid, gid);
    }

    private void Prune(string appName)
    {
        var appBackups = Path.Combine(paths.Backups, Uri.EscapeDataString(appName));
        if (!Directory.Exists(appBackups))
        {
            return;
        }

        var passes = Directory.GetDirectories(appBackups).OrderDescending(StringComparer.Ordinal).ToList();
        foreach (var old in passes.Skip(KeepPerApp))
        {
            Directory.Delete(old, recursive: true);
        }
    }
}
