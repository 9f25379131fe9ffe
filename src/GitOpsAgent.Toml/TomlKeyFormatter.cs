using System.Text;

namespace GitOpsAgent.Toml;

/// <summary>Spells keys and key paths so that TOML reads them back unchanged: bare when possible, quoted otherwise.</summary>
internal static class TomlKeyFormatter
{
    public static bool IsBare(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!IsBareKeyChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsBareKeyChar(char c) =>
        (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '_' || c == '-';

    /// <summary>The key as it may appear in a TOML document.</summary>
    public static string Format(string key) => IsBare(key) ? key : Quote(key);

    /// <summary>The key in double quotes with TOML basic-string escapes.</summary>
    public static string Quote(string key)
    {
        var builder = new StringBuilder(key.Length + 2);
        TomlStringFormatter.AppendBasic(builder, key);
        return builder.ToString();
    }

    public static string Join(IEnumerable<string> path)
    {
        var builder = new StringBuilder();
        foreach (var key in path)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Format(key));
        }

        return builder.ToString();
    }

    /// <summary>Extends a model key path ("web", "web.config_files[0]") by one key.</summary>
    public static string Child(string parentPath, string key) =>
        parentPath.Length == 0 ? Format(key) : parentPath + "." + Format(key);
}
