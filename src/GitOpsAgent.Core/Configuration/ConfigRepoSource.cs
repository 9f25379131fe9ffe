using System.Text;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// A deployment-config repo and branch, as written in the agent config (<c>url@branch</c>), with the
/// clone folder names that existing installations already use.
/// </summary>
public sealed record ConfigRepoSource(string Url, string Branch)
{
    public const string DefaultBranch = "main";

    /// <summary>Splits <c>url@branch</c>: the branch follows the last '@' that is not part of user@host.</summary>
    public static ConfigRepoSource Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var at = text.LastIndexOf('@');
        if (at > 0 && at < text.Length - 1 && HasRepoPath(text[..at]))
        {
            return new ConfigRepoSource(text[..at], text[(at + 1)..]);
        }

        return new ConfigRepoSource(text, DefaultBranch);
    }

    /// <summary>Trimmed, credentials of scheme:// URLs dropped, trailing '/' and '.git' dropped.</summary>
    public string NormalizedUrl => Normalize(Url);

    /// <summary>The repo's base name without .git.</summary>
    public string Slug
    {
        get
        {
            var normalized = NormalizedUrl;
            var cut = Math.Max(normalized.LastIndexOf('/'), normalized.LastIndexOf(':'));
            return cut >= 0 ? normalized[(cut + 1)..] : normalized;
        }
    }

    public string UrlHash8
    {
        get
        {
            var digest = Sha256.HashData(Encoding.UTF8.GetBytes(NormalizedUrl));
            return Convert.ToHexString(digest, 0, 4).ToLowerInvariant();
        }
    }

    /// <summary><c>&lt;slug&gt;@&lt;branch&gt;-&lt;hash8&gt;</c>; '/' in a branch becomes '_' so the name stays one folder.</summary>
    public string CloneDirectoryName => $"{Slug}@{Branch.Replace('/', '_')}-{UrlHash8}";

    public string MonitoringDirectoryName => CloneDirectoryName + "-monitoring";

    public string MonitoringBranch => Branch + "-monitoring";

    public override string ToString() => $"{Url}@{Branch}";

    public static string Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var hostStart = scheme + 3;
            var pathStart = text.IndexOf('/', hostStart);
            var authority = pathStart < 0 ? text[hostStart..] : text[hostStart..pathStart];
            var credentials = authority.LastIndexOf('@');
            if (credentials >= 0)
            {
                text = string.Concat(text.AsSpan(0, hostStart), authority.AsSpan(credentials + 1), pathStart < 0 ? string.Empty : text[pathStart..]);
            }
        }

        text = text.TrimEnd('/');
        if (text.EndsWith(".git", StringComparison.Ordinal))
        {
            text = text[..^4];
        }

        return text.TrimEnd('/');
    }

    /// <summary>True when <paramref name="left"/> already names a repo, so an '@' after it starts a branch.</summary>
    private static bool HasRepoPath(string left)
    {
        var scheme = left.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            return left.IndexOf('/', scheme + 3) > 0;
        }

        // scp-style user@host:path, or a local path.
        return left.Contains(':', StringComparison.Ordinal) || left.Contains('/', StringComparison.Ordinal);
    }
}
