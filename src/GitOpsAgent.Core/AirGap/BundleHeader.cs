using System.Text;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// The text header of a git bundle file: the refs it carries and the commits it needs the receiving repo to have.
/// Read before git sees the file, so a file that is no bundle at all, or no bundle of ours, is named as such.
/// </summary>
public sealed record BundleHeader(IReadOnlyDictionary<string, string> Refs, IReadOnlyList<string> Prerequisites)
{
    private const int MaxHeaderBytes = 1 << 20;

    public static BundleHeader Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new AirGapException($"{path}: no such file. Give the path of a file made by 'gitops-agent bundle' or 'gitops-agent export-reports'.", BundleRefusal.NotFound);
        }

        using var stream = File.OpenRead(path);
        var lines = new List<string>();
        var line = new StringBuilder();
        var read = 0;
        int next;
        while ((next = stream.ReadByte()) >= 0 && read++ < MaxHeaderBytes)
        {
            if (next != '\n')
            {
                line.Append((char)next);
                continue;
            }

            if (line.Length == 0)
            {
                return Parse(path, lines);
            }

            lines.Add(line.ToString());
            if (lines.Count == 1 && !IsSignature(lines[0]))
            {
                break;
            }

            line.Clear();
        }

        if (lines.Count == 0 || !IsSignature(lines[0]))
        {
            throw NotABundle(path);
        }

        throw new AirGapException($"{path} is not a complete git bundle (its header ends before the pack data). Copy it again from the machine that made it.", BundleRefusal.Damaged);
    }

    private static bool IsSignature(string line) => line is "# v2 git bundle" or "# v3 git bundle";

    private static AirGapException NotABundle(string path) =>
        new($"{path} is not a git bundle. Give the file made by 'gitops-agent bundle' or 'gitops-agent export-reports'.", BundleRefusal.Damaged);

    private static BundleHeader Parse(string path, List<string> lines)
    {
        if (lines.Count == 0 || !IsSignature(lines[0]))
        {
            throw NotABundle(path);
        }

        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        var prerequisites = new List<string>();
        foreach (var entry in lines.Skip(1))
        {
            if (entry.StartsWith('@'))
            {
                continue;
            }

            if (entry.StartsWith('-'))
            {
                prerequisites.Add(entry[1..].Split(' ', 2)[0]);
                continue;
            }

            var parts = entry.Split(' ', 2);
            if (parts.Length == 2)
            {
                refs[parts[1]] = parts[0];
            }
        }

        return new BundleHeader(refs, prerequisites);
    }
}
