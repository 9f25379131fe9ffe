using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Config files written beside their destinations (full content, final mode and owner) but not yet in place, so a full
/// disk or a read-only folder fails before the app changes at all. <see cref="Commit"/> keeps what each replaces in
/// the backups and renames it into place; disposing without committing removes them.
/// </summary>
public sealed class StagedConfigFiles : IDisposable
{
    private readonly List<(string Temporary, string Destination, byte[] Content)> _files;
    private readonly Func<string, string> _backup;
    private readonly Action _afterCommit;
    private bool _committed;

    internal StagedConfigFiles(List<(string Temporary, string Destination, byte[] Content)> files, Func<string, string> backup, Action afterCommit)
    {
        _files = files;
        _backup = backup;
        _afterCommit = afterCommit;
    }

    public static StagedConfigFiles None { get; } = new([], _ => string.Empty, () => { }) { _committed = true };

    /// <summary>Puts every file in place; returns the backups of the files it replaced.</summary>
    public IReadOnlyList<string> Commit()
    {
        var backups = new List<string>();
        foreach (var (temporary, destination, content) in _files)
        {
            if (File.Exists(destination) && !File.ReadAllBytes(destination).AsSpan().SequenceEqual(content))
            {
                backups.Add(_backup(destination));
            }

            AtomicFile.Complete(temporary, destination);
        }

        _committed = true;
        _afterCommit();
        return backups;
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        foreach (var (temporary, _, _) in _files)
        {
            AtomicFile.Discard(temporary);
        }

        _committed = true;
    }
}
