using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Core.AirGap;

/// <summary>Writes a bundle beside its destination and renames it into place, so a file of that name is always whole.</summary>
internal static class BundleFile
{
    public static string Write(GitClient git, string repository, string outPath, IReadOnlyList<string> revisions)
    {
        var target = Path.GetFullPath(outPath);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new AirGapException($"{target}: the folder {folder} does not exist. Create it, or give --out a path in an existing folder.");
        }

        var temporary = target + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var arguments = new List<string> { "bundle", "create", "--quiet", temporary };
            arguments.AddRange(revisions);
            var created = git.TryRun(repository, GitCallKind.Local, [.. arguments]);
            if (!created.Succeeded)
            {
                throw new AirGapException($"{target}: git could not write the bundle ({created.StandardError.Trim()}). Check free space and write access in {folder}.");
            }

            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
