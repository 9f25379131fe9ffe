namespace GitOpsAgent.Cli.Configure;

/// <summary>
/// Puts the new config in place atomically (a sibling file renamed over it), so the service never reads half a file,
/// and with the mode of the file it replaces (0600 for a new one: repo URLs may carry credentials).
/// </summary>
internal static class ConfigFileReplacer
{
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Replace(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var mode = File.Exists(path) ? File.GetUnixFileMode(path) : NewFileMode;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.gitops-tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = mode };
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            // UnixCreateMode is filtered by the umask; set it again so the result matches the file it replaces.
            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
