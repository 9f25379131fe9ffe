using System.Text;

namespace GitOpsAgent.Bench;

/// <summary>
/// The first pkt-line a client sends to <c>git daemon</c>: <c>git-upload-pack /repo\0host=…\0\0version=2\0</c>. Without
/// the extra parameters after the second NUL the daemon does not set GIT_PROTOCOL, so the server answers in protocol v0,
/// as an old server does whatever the client asks for.
/// </summary>
internal static class GitDaemonRequest
{
    /// <summary>The length a complete request needs (4 hex digits, then the rest), or null while fewer than 4 bytes are in.</summary>
    public static int? Length(ReadOnlySpan<byte> received) =>
        received.Length < 4 ? null : int.Parse(Encoding.ASCII.GetString(received[..4]), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The request without its extra parameters (unchanged when it has none).</summary>
    public static byte[] WithoutExtraParameters(ReadOnlySpan<byte> request)
    {
        var body = request[4..];
        var host = body.IndexOf((byte)0);
        var extra = host < 0 ? -1 : body[(host + 1)..].IndexOf((byte)0);
        if (extra < 0)
        {
            return request.ToArray();
        }

        var kept = body[..(host + 1 + extra + 1)];
        var rewritten = new byte[4 + kept.Length];
        Encoding.ASCII.GetBytes(rewritten.Length.ToString("x4", System.Globalization.CultureInfo.InvariantCulture), rewritten);
        kept.CopyTo(rewritten.AsSpan(4));
        return rewritten;
    }
}
