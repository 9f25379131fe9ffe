namespace GitOpsAgent.Core.Reconcile;

/// <summary>
/// One <c>git status --porcelain=v2 --branch</c> read: the HEAD commit and the modified tracked files,
/// from a single process.
/// </summary>
internal sealed record GitStatusSnapshot(string? HeadCommit, IReadOnlyList<string> Changes)
{
    public static GitStatusSnapshot Parse(string porcelainV2)
    {
        string? head = null;
        var changes = new List<string>();
        foreach (var line in porcelainV2.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# branch.oid ", StringComparison.Ordinal))
            {
                var oid = line["# branch.oid ".Length..].Trim();
                head = oid == "(initial)" ? null : oid;
            }
            else if (line.Length > 2 && line[0] is '1' or '2' or 'u')
            {
                changes.Add(Describe(line));
            }
        }

        return new GitStatusSnapshot(head, changes);
    }

    // Turns "1 .M N... 100644 100644 100644 <h> <h> path" into " M path", the short form operators know.
    private static string Describe(string line)
    {
        var fields = line.Split(' ');
        var xy = fields.Length > 1 ? fields[1].Replace('.', ' ') : "??";
        var pathStart = line[0] switch
        {
            '1' => 8,
            '2' => 9,
            _ => 10,
        };
        var path = fields.Length > pathStart ? string.Join(' ', fields[pathStart..]) : line;
        return $"{xy} {path.Replace('\t', ' ')}";
    }
}
