using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// Recognises a clone that git can no longer use (a missing pack, a corrupt or missing object, a HEAD pointing nowhere,
/// a deleted .git) from what git says, and moves it aside whole (local changes and all) so it can be cloned afresh:
/// under <c>&lt;home&gt;/broken/&lt;name&gt;/&lt;time&gt;/</c>, or beside it when that is another file system.
/// </summary>
public static class BrokenClone
{
    // git's own words for a repository it cannot read; matched case-insensitively in its stderr (LC_ALL=C).
    private static readonly string[] Signatures =
    [
        "bad object", "is empty", "is corrupt", "corrupt", "unable to read", "cannot be accessed", "missing blob",
        "missing tree", "missing commit", "did not receive expected object", "not a git repository", "invalid object",
        "broken link", "bad default revision", "does not point to a valid object", "index file", "inflate",
        "unknown object type", "invalid sha1 pointer", "bad signature", "could not parse", "unable to parse",
        "packfile", "not a valid object name", "fatal: bad revision", "head is not a valid", "invalid gitfile",
        "unable to resolve reference", "reference broken", "bad tree object",
    ];

    // A blob-less clone fetches missing objects on demand: when that fails, the link is down, not the clone broken.
    public static bool Looks(string? gitError) =>
        gitError is not null && !gitError.Contains("promisor", StringComparison.OrdinalIgnoreCase) && Signatures.Any(signature => gitError.Contains(signature, StringComparison.OrdinalIgnoreCase));

    /// <summary>Moves <paramref name="path"/> aside; returns where it went.</summary>
    public static string MoveAside(AgentPaths paths, string path, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var stamp = ConfigFileInstaller.BackupStamp(now);
        var target = Unused(Path.Combine(paths.Home, "broken", Uri.EscapeDataString(name), stamp));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(path, target);
            return target;
        }
        catch (IOException)
        {
            // Another file system: renaming beside it always works, and nothing is copied or deleted.
            var folder = Path.TrimEndingDirectorySeparator(path);
            var beside = Unused(Path.Combine(Path.GetDirectoryName(folder)!, $".{Path.GetFileName(folder)}.gitops-broken-{stamp}"));
            Directory.Move(path, beside);
            return beside;
        }
    }

    /// <summary>
    /// The stamp is to the second, and the same clone can break again within one (passes back to back, a reconcile
    /// right after the loop's pass): a later copy gets -2, -3, … rather than failing the pass on a name taken.
    /// </summary>
    private static string Unused(string path)
    {
        var candidate = path;
        for (var copy = 2; Directory.Exists(candidate) || File.Exists(candidate); copy++)
        {
            candidate = $"{path}-{copy}";
        }

        return candidate;
    }
}
