namespace GitOpsAgent.Bench;

/// <summary>
/// Compiles built assemblies ReadyToRun the way <c>build.ps1 -Task Package</c> does: through
/// build/ReadyToRun/GitOpsAgent.ReadyToRun.csproj, each compiled image put back in place of its IL assembly.
/// </summary>
public static class ReadyToRunCompiler
{
    /// <summary>The project that does it, or null in a tree that predates it (a --baseline revision).</summary>
    public static string? Project(string repoRoot)
    {
        var project = Path.Combine(repoRoot, "build", "ReadyToRun", "GitOpsAgent.ReadyToRun.csproj");
        return File.Exists(project) ? project : null;
    }

    public static void Compile(string repoRoot, IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var project = Project(repoRoot) ?? throw new InvalidOperationException($"{repoRoot} has no build/ReadyToRun project");
        var work = Path.Combine(repoRoot, "bench", "artifacts", "r2r-work");
        var input = Path.Combine(work, "input");
        var output = Path.Combine(work, "output");
        foreach (var dir in new[] { input, output })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            Directory.CreateDirectory(dir);
        }

        foreach (var dll in directories.SelectMany(dir => Directory.EnumerateFiles(dir, "*.dll")))
        {
            File.Copy(dll, Path.Combine(input, Path.GetFileName(dll)), overwrite: true);
        }

        var runtime = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var built = BenchProcess.Run("dotnet", ["publish", project, "-c", "Release", "-r", runtime, "-o", output, $"-p:ReadyToRunInput={input}", "-nologo", "-v", "quiet"], directory: repoRoot, timeout: TimeSpan.FromMinutes(10));
        if (built.ExitCode != 0)
        {
            throw new InvalidOperationException($"ReadyToRun compilation failed:\n{built.Output}{built.Error}");
        }

        foreach (var dll in directories.SelectMany(dir => Directory.EnumerateFiles(dir, "*.dll")))
        {
            File.Copy(Path.Combine(output, Path.GetFileName(dll)), dll, overwrite: true);
        }
    }
}
