namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>The known key nearest to a misspelt one, so a warning can say "did you mean …?".</summary>
public static class KeySuggestion
{
    /// <summary>The nearest of <paramref name="known"/> within a few edits of <paramref name="unknown"/>, or null.</summary>
    public static string? Nearest(string unknown, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        ArgumentNullException.ThrowIfNull(known);
        // A third of the length, at least 2: catches typos and swapped words without suggesting unrelated keys.
        var limit = Math.Max(2, unknown.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = EditDistance(unknown.ToLowerInvariant(), candidate);
            if (distance < bestDistance && distance <= limit)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
