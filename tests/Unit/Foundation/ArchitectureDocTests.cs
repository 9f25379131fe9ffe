using System.Text.RegularExpressions;

namespace GitOpsAgent.Tests.Unit.Foundation;

/// <summary>ARCHITECTURE.md stays true: every repo path and every type it names in backquotes exists.</summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly string Text = File.ReadAllText(Path.Combine(RepoPaths.Root, "ARCHITECTURE.md"));

    [Fact]
    public void README_links_to_it() =>
        Assert.Contains("ARCHITECTURE.md", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")), StringComparison.Ordinal);

    [Fact]
    public void Every_repo_path_it_names_exists()
    {
        var paths = Quoted().Where(q => RepoPath().IsMatch(q)).Distinct().ToList();
        Assert.True(paths.Count >= 15, $"expected the code map's paths, found {paths.Count}");
        var missing = paths.Where(p => !File.Exists(Path.Combine(RepoPaths.Root, p)) && !Directory.Exists(Path.Combine(RepoPaths.Root, p))).ToList();
        Assert.True(missing.Count == 0, $"ARCHITECTURE.md names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_type_it_names_is_declared_in_src()
    {
        var sources = string.Join('\n', Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var types = Quoted().Concat(DiagramWords()).Where(q => TypeName().IsMatch(q)).Distinct().ToList();
        Assert.True(types.Count >= 25, $"expected the types of the pass, found {types.Count}");
        var missing = types.Where(t => !Regex.IsMatch(sources, $@"\b(class|record|interface|enum|struct)\s+{t}\b")).ToList();
        Assert.True(missing.Count == 0, $"ARCHITECTURE.md names types that are not declared in src/: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> Quoted() => Backquoted().Matches(Text).Select(m => m.Groups[1].Value);

    // The data-flow diagram names types without backquotes.
    private static IEnumerable<string> DiagramWords()
    {
        var start = Text.IndexOf("```\n", StringComparison.Ordinal);
        var end = Text.IndexOf("```\n", start + 4, StringComparison.Ordinal);
        return Word().Matches(Text[start..end]).Select(m => m.Value);
    }

    [GeneratedRegex("`([^`\\n]+)`")]
    private static partial Regex Backquoted();

    [GeneratedRegex(@"^(src|tests|scripts|bench|schema|examples|systemd)/[A-Za-z0-9_./-]*$|^[A-Za-z.]+\.(md|ps1|psd1)$")]
    private static partial Regex RepoPath();

    [GeneratedRegex(@"^(I?[A-Z][a-z]+){2,}$")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"\b(I?[A-Z][a-z]+){2,}\b")]
    private static partial Regex Word();
}
