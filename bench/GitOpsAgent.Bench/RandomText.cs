using System.Globalization;
using System.Text;

namespace GitOpsAgent.Bench;

/// <summary>
/// Seeded pseudo-random text that compresses about as little as real source and secrets do (base64 of random bytes,
/// 6 bits of entropy per character), so the byte counts of the scenarios are real sizes, not zlib's best case.
/// </summary>
public sealed class RandomText(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>About <paramref name="bytes"/> bytes of base64 in lines of 64 characters.</summary>
    public string Block(int bytes)
    {
        var raw = new byte[bytes * 3 / 4];
        _random.NextBytes(raw);
        var text = Convert.ToBase64String(raw);
        var builder = new StringBuilder(text.Length + (text.Length / 64) + 1);
        for (var i = 0; i < text.Length; i += 64)
        {
            builder.Append(text, i, Math.Min(64, text.Length - i)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>About <paramref name="bytes"/> bytes of <c>KEY=value</c> lines, as an env file or a rendered config holds.</summary>
    public string Settings(string prefix, int bytes)
    {
        var builder = new StringBuilder();
        for (var i = 0; builder.Length < bytes; i++)
        {
            var raw = new byte[36];
            _random.NextBytes(raw);
            builder.Append(prefix).Append('_').Append(i.ToString("D3", CultureInfo.InvariantCulture)).Append('=').Append(Convert.ToBase64String(raw)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>A random 40-hex commit id.</summary>
    public string CommitId()
    {
        var raw = new byte[20];
        _random.NextBytes(raw);
        return Convert.ToHexStringLower(raw);
    }
}
