using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Core.AirGap;

/// <summary>A bare repo in a folder of its own that is removed with it: where bundles are made and unpacked.</summary>
internal sealed class ScratchRepository : IDisposable
{
    private readonly string _folder;

    private ScratchRepository(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    public string Path { get; }

    public string Folder => _folder;

    /// <summary>A fresh bare repo under <paramref name="parent"/>, whose objects may also be read from <paramref name="alternates"/>.</summary>
    public static ScratchRepository Create(GitClient git, string parent, string prefix, IEnumerable<string>? alternates = null)
    {
        Directory.CreateDirectory(parent);
        var folder = System.IO.Path.Combine(parent, prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var scratch = new ScratchRepository(folder, System.IO.Path.Combine(folder, "repo.git"));
        try
        {
            git.Run(null, GitCallKind.Local, "init", "--quiet", "--bare", scratch.Path);
            var borrowed = (alternates ?? []).Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToList();
            if (borrowed.Count > 0)
            {
                File.WriteAllLines(System.IO.Path.Combine(scratch.Path, "objects", "info", "alternates"), borrowed);
                // The device's clones are one commit deep: their shallow commits are shallow here too, or git would look
                // for parents that were never fetched and take the device's commits for incomplete.
                var shallow = borrowed
                    .Select(objects => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(objects)!, "shallow"))
                    .Where(File.Exists)
                    .SelectMany(File.ReadAllLines)
                    .Where(line => line.Length > 0)
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                if (shallow.Count > 0)
                {
                    File.WriteAllLines(System.IO.Path.Combine(scratch.Path, "shallow"), shallow);
                }
            }
        }
        catch
        {
            scratch.Dispose();
            throw;
        }

        return scratch;
    }

    /// <summary>Another bare repo in the same folder that reads its objects from this one, holding only the refs given.</summary>
    public string Mirror(GitClient git, string name, IReadOnlyList<(string Ref, string Commit)> refs)
    {
        var mirror = System.IO.Path.Combine(_folder, name);
        git.Run(null, GitCallKind.Local, "init", "--quiet", "--bare", mirror);
        File.WriteAllLines(System.IO.Path.Combine(mirror, "objects", "info", "alternates"), [System.IO.Path.Combine(Path, "objects")]);
        var shallow = System.IO.Path.Combine(Path, "shallow");
        if (File.Exists(shallow))
        {
            File.Copy(shallow, System.IO.Path.Combine(mirror, "shallow"));
        }
        foreach (var (reference, commit) in refs)
        {
            git.Run(mirror, GitCallKind.Local, "update-ref", reference, commit);
        }

        if (refs.Count > 0)
        {
            git.Run(mirror, GitCallKind.Local, "symbolic-ref", "HEAD", refs[0].Ref);
        }

        return mirror;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
