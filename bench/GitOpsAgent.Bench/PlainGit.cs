namespace GitOpsAgent.Bench;

/// <summary>The baselines: plain git commands as the replaced agent runs them, in the benchmark's quiet environment, with a timeout.</summary>
public static class PlainGit
{
    public static string Run(string? directory, params string[] arguments)
    {
        var (exitCode, output) = Try(directory, arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited {exitCode}: {output}");
    }

    public static (int ExitCode, string Output) Try(string? directory, params string[] arguments)
    {
        var (exitCode, output, error) = BenchProcess.Run("git", arguments, directory, TimeSpan.FromMinutes(5), QuietGitEnvironment.Variables);
        return (exitCode, (output + error).Trim());
    }

    /// <summary>
    /// Bytes of a pack holding exactly the objects <c>git rev-list --objects <paramref name="revisions"/></c> lists,
    /// compressed and deltified by git among themselves (not against objects outside the list).
    /// </summary>
    public static long PackSize(string bare, params string[] revisions)
    {
        var objects = Run(bare, ["rev-list", "--objects", .. revisions]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0]).ToList();
        var folder = Path.Combine(Path.GetTempPath(), $"gitops-pack-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(folder);
        try
        {
            var (exitCode, _, error) = BenchProcess.RunWithInput("git", ["-C", bare, "pack-objects", "-q", Path.Combine(folder, "reference")], input =>
            {
                foreach (var id in objects)
                {
                    input.Write(System.Text.Encoding.ASCII.GetBytes(id + "\n"));
                }
            });
            return exitCode == 0
                ? new FileInfo(Directory.GetFiles(folder, "*.pack").Single()).Length
                : throw new InvalidOperationException($"git pack-objects failed: {error}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
