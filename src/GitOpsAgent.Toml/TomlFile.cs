namespace GitOpsAgent.Toml;

/// <summary>Reads TOML files from disk; I/O errors propagate unchanged, they are not parse errors.</summary>
public static class TomlFile
{
    /// <summary>Reads and parses the file; error messages and tables carry <paramref name="path"/> as their source name.</summary>
    public static TomlTable Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return TomlParser.Parse(bytes, path);
    }
}
