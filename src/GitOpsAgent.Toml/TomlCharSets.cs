using System.Buffers;

namespace GitOpsAgent.Toml;

/// <summary>Characters that end a plain run inside strings and comments, for vectorised scanning.</summary>
internal static class TomlCharSets
{
    // Control characters TOML forbids unescaped (tab is allowed everywhere text is).
    private const string Controls = "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F";

    public static readonly SearchValues<char> BasicStringStops = SearchValues.Create(Controls + "\"\\");

    public static readonly SearchValues<char> LiteralStringStops = SearchValues.Create(Controls + "'");

    public static readonly SearchValues<char> CommentStops = SearchValues.Create(Controls);
}
