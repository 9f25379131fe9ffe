namespace GitOpsAgent.Core.Monitoring;

/// <summary>One commit as a history rewrite needs it: its tree, first parent, authorship, dates (git raw format) and message.</summary>
internal sealed record CommitRecord(
    string Id,
    string? FirstParent,
    string Tree,
    string AuthorName,
    string AuthorEmail,
    string AuthorDate,
    string CommitterName,
    string CommitterEmail,
    string CommitterDate,
    string Message)
{
    private const char FieldSeparator = '\u001f';
    private const char RecordSeparator = '\u001e';

    /// <summary>The git log format that <see cref="ParseLog"/> reads (use with --date=raw).</summary>
    public const string LogFormat = "%H%x1f%P%x1f%T%x1f%an%x1f%ae%x1f%ad%x1f%cn%x1f%ce%x1f%cd%x1f%B%x1e";

    public static IReadOnlyList<CommitRecord> ParseLog(string output)
    {
        var records = new List<CommitRecord>();
        foreach (var chunk in output.Split(RecordSeparator))
        {
            var text = chunk.TrimStart('\n');
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(FieldSeparator);
            if (fields.Length != 10 || fields[0].Length < 40)
            {
                throw new MonitoringException($"git log printed a commit record that cannot be read: '{Shorten(text)}'");
            }

            var parents = fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            records.Add(new CommitRecord(
                fields[0], parents.Length > 0 ? parents[0] : null, fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields[8], fields[9].TrimEnd('\n')));
        }

        return records;
    }

    /// <summary>The environment that makes commit-tree reproduce this commit's authorship and dates.</summary>
    public Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["GIT_AUTHOR_NAME"] = AuthorName,
        ["GIT_AUTHOR_EMAIL"] = AuthorEmail,
        ["GIT_AUTHOR_DATE"] = AuthorDate,
        ["GIT_COMMITTER_NAME"] = CommitterName,
        ["GIT_COMMITTER_EMAIL"] = CommitterEmail,
        ["GIT_COMMITTER_DATE"] = CommitterDate,
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = "commit.gpgsign",
        ["GIT_CONFIG_VALUE_0"] = "false",
    };

    private static string Shorten(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 120), "…");
}
