namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>Locates toml-lang/toml-test's cases: $TOML_TEST_DIR, else ../shared/toml-test next to the repository.</summary>
internal sealed class TomlTestSuite
{
    private const string ListName = "files-toml-1.0.0";

    private TomlTestSuite(string directory, IReadOnlyList<string> files)
    {
        Directory = directory;
        Files = files;
    }

    public string Directory { get; }

    /// <summary>Relative paths of every case that applies to TOML 1.0.0, as listed by the suite.</summary>
    public IReadOnlyList<string> Files { get; }

    public IEnumerable<string> ValidCases => Files.Where(f => f.StartsWith("valid/", StringComparison.Ordinal) && f.EndsWith(".toml", StringComparison.Ordinal));

    public IEnumerable<string> InvalidCases => Files.Where(f => f.StartsWith("invalid/", StringComparison.Ordinal) && f.EndsWith(".toml", StringComparison.Ordinal));

    /// <summary>The suite, or null with the reason it is unavailable (the caller reports it as skipped).</summary>
    public static TomlTestSuite? Find(out string whyMissing)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TOML_TEST_DIR");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            candidates.Add(fromEnvironment);
        }

        candidates.Add(Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "toml-test")));
        foreach (var candidate in candidates)
        {
            var list = Path.Combine(candidate, ListName);
            if (File.Exists(list))
            {
                var files = File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
                whyMissing = string.Empty;
                return new TomlTestSuite(candidate, files);
            }
        }

        whyMissing = $"toml-test suite not found: no {ListName} in {string.Join(" or ", candidates)} (set TOML_TEST_DIR to toml-test's tests/ folder)";
        return null;
    }

    public byte[] ReadBytes(string relativePath) => File.ReadAllBytes(Path.Combine(Directory, relativePath));

    public string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));
}
