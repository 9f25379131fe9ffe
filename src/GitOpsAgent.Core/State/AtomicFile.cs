using System.Text;
using GitOpsAgent.Core.Unix;

namespace GitOpsAgent.Core.State;

/// <summary>Writes a file beside its destination and renames it into place, so a crash never leaves half a file.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string content) => WriteAllBytes(path, Utf8NoBom.GetBytes(content));

    public static void WriteAllBytes(string path, byte[] content) => WriteAllBytes(path, content, mode: null, owner: null);

    /// <summary>
    /// Writes <paramref name="content"/> with its final <paramref name="mode"/> and <paramref name="owner"/> already on the
    /// temporary file when it is renamed into place, so the destination is never, even for a moment, readable by
    /// someone the mode excludes. The temporary file is created 0600 and widened only after it has its owner.
    /// </summary>
    public static void WriteAllBytes(string path, byte[] content, UnixFileMode? mode, UnixFileOwner? owner) =>
        Complete(Prepare(path, content, mode, owner), path);

    /// <summary>
    /// Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/>, flushed, with its final mode
    /// and owner, and returns it: everything that can fail for lack of space or rights fails here, before the
    /// destination changes. <see cref="Complete"/> renames it into place.
    /// </summary>
    public static string Prepare(string path, byte[] content, UnixFileMode? mode, UnixFileOwner? owner)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        RemoveStaleTemporaries(path);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}{TemporaryMarker}{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if ((mode is not null || owner is not null) && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                var half = content.Length / 2;
                stream.Write(content, 0, half);
                stream.Flush();
                Faults.FaultInjection.Step($"writing {Path.GetFileName(path)}");
                stream.Write(content, half, content.Length - half);
                stream.Flush(flushToDisk: true);
            }

            if (owner is { } who)
            {
                UnixAccounts.ChangeOwner(temporary, who.Uid, who.Gid);
            }

            if (mode is { } bits && !OperatingSystem.IsWindows())
            {
                // After the owner: chown clears setuid/setgid bits, so the mode must come last to stick.
                File.SetUnixFileMode(temporary, bits);
            }

            return temporary;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Renames a file made by <see cref="Prepare"/> into place (atomically), or removes it when that fails.</summary>
    public static void Complete(string temporary, string path)
    {
        try
        {
            BeforeRename?.Invoke(temporary, path);
            Faults.FaultInjection.Step($"renaming {Path.GetFileName(path)}");
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Removes the temporary files of <paramref name="path"/> that a killed process left (their process is gone); returns
    /// how many. A live writer's file is never touched.
    /// </summary>
    public static int RemoveStaleTemporaries(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is null || !Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, $".{Path.GetFileName(path)}{TemporaryMarker}*"))
        {
            if (WriterIsGone(file))
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Like <see cref="RemoveStaleTemporaries"/>, for every file under <paramref name="folder"/> (the agent's state).</summary>
    public static int RemoveStaleTemporariesUnder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var stale = Directory.EnumerateFiles(folder, $"*{TemporaryMarker}*", SearchOption.AllDirectories).Where(WriterIsGone).ToList();
        stale.ForEach(File.Delete);
        return stale.Count;
    }

    private const string TemporaryMarker = ".gitops-tmp-";

    private static bool WriterIsGone(string temporary)
    {
        var name = Path.GetFileName(temporary);
        var start = name.IndexOf(TemporaryMarker, StringComparison.Ordinal) + TemporaryMarker.Length;
        var end = name.IndexOf('-', start);
        return end > start
            && int.TryParse(name.AsSpan(start, end - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            && pid != Environment.ProcessId
            && !Directory.Exists($"/proc/{pid}");
    }

    /// <summary>Removes a prepared file that will not be used.</summary>
    public static void Discard(string temporary) => File.Delete(temporary);

    /// <summary>Test seam: sees the finished temporary file (and its destination) just before the rename.</summary>
    internal static Action<string, string>? BeforeRename { get; set; }
}
