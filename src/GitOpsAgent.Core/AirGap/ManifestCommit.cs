using GitOpsAgent.Core.Git;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// A bundle's manifest, kept as a parentless commit holding one file under <see cref="Ref"/>: a bundle can only carry
/// refs and objects, and this way the manifest is checked by the same pack verification as everything else in it.
/// </summary>
internal static class ManifestCommit
{
    public const string RefPrefix = "refs/gitops-bundle/";

    public const string Ref = RefPrefix + "manifest";

    private const string FileName = "manifest.toml";

    private static readonly Dictionary<string, string> Identity = new(StringComparer.Ordinal)
    {
        ["GIT_AUTHOR_NAME"] = "gitops-agent",
        ["GIT_AUTHOR_EMAIL"] = "gitops-agent@localhost",
        ["GIT_COMMITTER_NAME"] = "gitops-agent",
        ["GIT_COMMITTER_EMAIL"] = "gitops-agent@localhost",
    };

    public static void Write(GitClient git, string repository, string text)
    {
        var file = Path.Combine(repository, "manifest-" + Guid.NewGuid().ToString("N")[..8] + ".toml");
        File.WriteAllText(file, text);
        try
        {
            var blob = git.Run(repository, GitCallKind.Local, "hash-object", "-w", "--", file).Trim();
            var tree = MakeTree(git, repository, blob);
            var commit = git.TryRunWithEnvironment(repository, GitCallKind.Local, Identity, "-c", "commit.gpgsign=false", "commit-tree", "-m", "gitops-agent bundle manifest", tree);
            if (!commit.Succeeded)
            {
                throw new GitException("git commit-tree", repository, commit.ExitCode, commit.StandardError, commit.TimedOut);
            }

            git.Run(repository, GitCallKind.Local, "update-ref", Ref, commit.StandardOutput.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The manifest's TOML and its kind; a bundle without one is not a gitops-agent bundle.</summary>
    public static (TomlTable Root, string Kind) Read(GitClient git, string repository, string bundlePath)
    {
        var shown = git.TryRun(repository, GitCallKind.Local, "show", $"{Ref}:{FileName}");
        if (!shown.Succeeded)
        {
            throw new AirGapException($"{bundlePath} is a git bundle, but not one made by gitops-agent (it has no {Ref}). Make it with 'gitops-agent bundle' or 'gitops-agent export-reports'.");
        }

        try
        {
            var root = TomlParser.Parse(shown.StandardOutput, bundlePath);
            return (root, root.TryGetString("kind", out var kind) ? kind : string.Empty);
        }
        catch (TomlException ex)
        {
            throw new AirGapException($"{bundlePath}: its manifest cannot be read ({ex.Message}); make the bundle again.", ex);
        }
    }

    private static string MakeTree(GitClient git, string repository, string blob)
    {
        // mktree reads its entries from stdin, which GitClient never gives; an index file of our own does the same.
        var index = Path.Combine(repository, "manifest-index-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_INDEX_FILE"] = index };
            Check(git.TryRunWithEnvironment(repository, GitCallKind.Local, environment, "update-index", "--add", "--cacheinfo", $"100644,{blob},{FileName}"), repository, "update-index");
            var tree = git.TryRunWithEnvironment(repository, GitCallKind.Local, environment, "write-tree");
            Check(tree, repository, "write-tree");
            return tree.StandardOutput.Trim();
        }
        finally
        {
            File.Delete(index);
        }
    }

    private static void Check(Processes.ProcessResult result, string repository, string what)
    {
        if (!result.Succeeded)
        {
            throw new GitException("git " + what, repository, result.ExitCode, result.StandardError, result.TimedOut);
        }
    }
}
