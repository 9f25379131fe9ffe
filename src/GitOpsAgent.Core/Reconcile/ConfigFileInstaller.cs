using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Puts config files in place atomically (written beside, then renamed; parents created), after keeping
/// the file being replaced under the agent home's backups, newest <see cref="KeepPerApp"/> passes per app.
/// </summary>
public sealed class ConfigFileInstaller(AgentPaths paths)
{
    public const int KeepPerApp = 10;

    /// <summary>Installs <paramref name="files"/>; returns the backup paths of files it replaced.</summary>
    public IReadOnlyList<string> Install(string appName, string configClonePath, IReadOnlyList<ConfigFileMapping> files, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        var backups = new List<string>();
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var backupRoot = Path.Combine(paths.Backups, Uri.EscapeDataString(appName), stamp);
        foreach (var file in files)
        {
            // Resolved again at the moment of copying: the checkout may have moved since it was observed.
            var resolved = ConfigSourcePath.Resolve(configClonePath, file.Source);
            var source = resolved.Path ?? throw new IOException(resolved.Problem);
            var destination = file.Destination;
            UnixFileMode? mode = null;
            if (File.Exists(destination))
            {
                var backup = Path.Combine(backupRoot, destination.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
                File.Copy(destination, backup, overwrite: true);
                backups.Add(backup);
                if (!OperatingSystem.IsWindows())
                {
                    mode = File.GetUnixFileMode(destination);
                }
            }

            AtomicFile.WriteAllBytes(destination, File.ReadAllBytes(source));
            if (mode is { } keep && !OperatingSystem.IsWindows())
            {
                // An .env readable only by its service must not become world-readable because we replaced it.
                File.SetUnixFileMode(destination, keep);
            }
        }

        Prune(appName);
        return backups;
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
