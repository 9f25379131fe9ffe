using System.Globalization;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Core.State;

/// <summary>
/// One pass at a time per agent home. The lock is an flock on <c>agent.lock</c>, so the kernel releases
/// it when a killed pass dies: no stale lock survives a crash.
/// </summary>
public sealed class AgentLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private AgentLock(FileStream stream, string ownerFile)
    {
        _stream = stream;
        _ownerFile = ownerFile;
    }

    /// <summary>The owner note of a pass that died holding the lock (killed, or the power went), or null.</summary>
    public string? InterruptedOwner { get; private init; }

    public static AgentLock Acquire(AgentPaths paths) => Acquire(paths, keepInterruptedNote: false);

    /// <summary>
    /// With <paramref name="keepInterruptedNote"/> (a dry run such as Get-GitOpsApp), the note of an interrupted pass is put
    /// back when the lock is released, so the next real pass still repairs what that pass left.
    /// </summary>
    public static AgentLock Acquire(AgentPaths paths, bool keepInterruptedNote)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Directory.CreateDirectory(paths.Home);
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive, non-blocking flock on Unix.
            stream = new FileStream(paths.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new AgentLockHeldException(paths.LockFile, ReadOwner(paths.LockOwnerFile));
        }

        // The note outlives only a pass that never reached Dispose: the kernel gave us its lock, the note says whose it was.
        var interrupted = File.Exists(paths.LockOwnerFile) ? ReadOwner(paths.LockOwnerFile) : null;
        var owner = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");
        File.WriteAllText(paths.LockOwnerFile, owner + "\n");
        return new AgentLock(stream, paths.LockOwnerFile) { InterruptedOwner = interrupted, _keepNote = keepInterruptedNote && interrupted is not null };
    }

    private bool _keepNote;

    public void Dispose()
    {
        try
        {
            if (_keepNote)
            {
                File.WriteAllText(_ownerFile, InterruptedOwner + "\n");
            }
            else
            {
                File.Delete(_ownerFile);
            }
        }
        catch (IOException)
        {
            // The owner note is informational; the flock below is what matters.
        }

        _stream.Dispose();
    }

    private static string ReadOwner(string ownerFile)
    {
        try
        {
            return File.Exists(ownerFile) ? File.ReadAllText(ownerFile).Trim() : "an unknown process";
        }
        catch (IOException)
        {
            return "an unknown process";
        }
    }
}
