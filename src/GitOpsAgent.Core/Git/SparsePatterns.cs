namespace GitOpsAgent.Core.Git;

/// <summary>
/// The non-cone sparse-checkout patterns of a config clone: the device's own folder and each file outside it that its
/// apps name, anchored at the repo root and escaped, so a name holding <c>*</c>, <c>[</c> or <c>#</c> matches only itself.
/// </summary>
public static class SparsePatterns
{
    public static IReadOnlyList<string> For(string deviceFolder, IEnumerable<string> referencedFiles)
    {
        ArgumentNullException.ThrowIfNull(deviceFolder);
        ArgumentNullException.ThrowIfNull(referencedFiles);
        var folder = deviceFolder.Trim('/');
        var patterns = new List<string> { "/" + Escape(folder) + "/" };
        foreach (var file in referencedFiles.Select(Normalize).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!file.StartsWith(folder + "/", StringComparison.Ordinal))
            {
                patterns.Add("/" + Escape(file));
            }
        }

        return patterns;
    }

    /// <summary>The pattern that matches exactly one path from the repo root.</summary>
    public static string Anchored(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        return "/" + Escape(relative.Trim('/'));
    }

    /// <summary>The patterns a clone checks out now, as git wrote them; empty when it is not sparse.</summary>
    public static IReadOnlyList<string> Read(string gitDirectory)
    {
        var file = Path.Combine(gitDirectory, "info", "sparse-checkout");
        return File.Exists(file)
            ? [.. File.ReadAllLines(file).Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0 && !line.StartsWith('#'))]
            : [];
    }

    /// <summary>The path from the repo root with "." and ".." resolved; empty when it leaves the repo (refused elsewhere).</summary>
    private static string Normalize(string relative)
    {
        const string root = "/repo-root/";
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('\\', '/')));
        return full.StartsWith(root, StringComparison.Ordinal) ? full[root.Length..].TrimEnd('/') : string.Empty;
    }

    private static string Escape(string path)
    {
        var builder = new System.Text.StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (c is '\\' or '*' or '?' or '[' or ']' or '!' or '#')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        // gitignore drops trailing spaces unless escaped.
        var text = builder.ToString();
        var trimmed = text.TrimEnd(' ');
        return trimmed.Length == text.Length ? text : trimmed + string.Concat(Enumerable.Repeat("\\ ", text.Length - trimmed.Length));
    }
}
