using System.Globalization;
using System.Text;

namespace GitOpsAgent.Bench;

/// <summary>
/// Writes a <c>git fast-import</c> stream: blobs, commits, branch resets and annotated tags, so a benchmark can write
/// thousands of commits in seconds instead of running one <c>git commit</c> per commit.
/// </summary>
public sealed class FastImportWriter(Stream output)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A blob under <paramref name="mark"/>, for commits to name as <c>:mark</c>.</summary>
    public void Blob(int mark, string content)
    {
        Line($"blob\nmark :{mark}");
        Data(content);
    }

    /// <summary>
    /// One commit on <paramref name="reference"/>. <paramref name="from"/> is its parent (<c>:mark</c>, a commit id or
    /// <c>refs/heads/x^0</c>), needed for the first commit of a branch in a stream; null continues the branch or starts
    /// a root commit. <paramref name="files"/> maps paths to content (<c>:mark</c> of a blob, or the text itself).
    /// </summary>
    public void Commit(string reference, int mark, string author, DateTimeOffset when, string message, string? from, IEnumerable<KeyValuePair<string, string>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var stamp = $"{author} {when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)} +0000";
        Line($"commit {reference}\nmark :{mark}\nauthor {stamp}\ncommitter {stamp}");
        Data(message);
        if (from is not null)
        {
            Line($"from {from}");
        }

        foreach (var (path, content) in files)
        {
            if (content.StartsWith(':'))
            {
                Line($"M 100644 {content} {path}");
            }
            else
            {
                Line($"M 100644 inline {path}");
                Data(content);
            }
        }

        Line(string.Empty);
    }

    /// <summary>Points <paramref name="reference"/> (a branch or a lightweight tag) at <paramref name="from"/>.</summary>
    public void Reset(string reference, string from) => Line($"reset {reference}\nfrom {from}\n");

    /// <summary>An annotated tag named <paramref name="name"/> on <paramref name="from"/>.</summary>
    public void Tag(string name, string from, string tagger, DateTimeOffset when, string message)
    {
        Line($"tag {name}\nfrom {from}\ntagger {tagger} {when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)} +0000");
        Data(message);
    }

    /// <summary>Ends the stream (fast-import runs with --done, so a cut-off stream is an error, not a short import).</summary>
    public void Done() => Line("done");

    private void Data(string content)
    {
        var bytes = Utf8.GetBytes(content);
        Line($"data {bytes.Length.ToString(CultureInfo.InvariantCulture)}");
        output.Write(bytes);
        output.WriteByte((byte)'\n');
    }

    private void Line(string text)
    {
        output.Write(Utf8.GetBytes(text));
        output.WriteByte((byte)'\n');
    }
}
