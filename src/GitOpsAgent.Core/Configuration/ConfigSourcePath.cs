namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// Where a config_files src really is: every symlink on the way followed, and the result required to stay inside
/// the config repo's checkout and out of its .git folder. A committed symlink to /etc/shadow must not let whoever
/// can push to the config repo copy a device's secrets into an app folder (or onto the monitoring branch).
/// </summary>
public sealed record ConfigSourcePath(string? Path, string? Problem)
{
    private const int MaxLinks = 40;

    /// <summary>Resolves <paramref name="relative"/> under <paramref name="repoRoot"/>; exactly one of Path and Problem is set.</summary>
    public static ConfigSourcePath Resolve(string repoRoot, string relative)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        ArgumentNullException.ThrowIfNull(relative);
        string root;
        string real;
        try
        {
            root = RealPath(System.IO.Path.GetFullPath(repoRoot));
            real = RealPath(System.IO.Path.GetFullPath(System.IO.Path.Combine(repoRoot, relative)));
        }
        catch (IOException ex)
        {
            return new(null, $"config_files src \"{relative}\" cannot be resolved ({ex.Message}). Commit the file itself, not a link.");
        }

        var inside = real.StartsWith(root + "/", StringComparison.Ordinal);
        var gitDir = System.IO.Path.Combine(root, ".git");
        if (!inside || real == gitDir || real.StartsWith(gitDir + "/", StringComparison.Ordinal))
        {
            var where = inside ? "inside the config repo's .git folder" : "outside the config repo";
            return new(null, $"config_files src \"{relative}\" resolves to {real}, {where}; it was refused and nothing was copied. Commit the file itself, not a symlink to it.");
        }

        return new(real, null);
    }

    /// <summary>The path with every symlink in it followed, as realpath(3) gives it; missing parts are kept as written.</summary>
    internal static string RealPath(string absolute)
    {
        var pending = new Stack<string>(Enumerable.Reverse(absolute.Split('/', StringSplitOptions.RemoveEmptyEntries)));
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"more than {MaxLinks} symlinks in {absolute}");
            }

            // The link's target replaces it: absolute from /, relative from the link's folder.
            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var piece in Enumerable.Reverse(target.Split('/', StringSplitOptions.RemoveEmptyEntries)))
            {
                pending.Push(piece);
            }
        }

        return current;
    }
}
