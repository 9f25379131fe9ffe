namespace GitOpsAgent.Bench;

/// <summary>
/// The gitops-agent builds the benchmarks run as separate processes: the JIT build (dotnet gitops-agent.dll)
/// and, when the registry serves the ILCompiler package, the NativeAOT build.
/// </summary>
public sealed record AgentBinaries(string JitDll, string? AotExecutable, string? AotProblem)
{
    private static AgentBinaries? _built;

    /// <summary>Publishes the CLI once per benchmark process (the AOT build takes a minute or two).</summary>
    public static AgentBinaries Build(string repoRoot, bool aot) => _built ??= Publish(repoRoot, aot);

    /// <summary>
    /// Publishes the CLI of the tree at <paramref name="repoRoot"/> (this checkout, or another revision's worktree)
    /// into that tree's bench/artifacts/jit and bench/artifacts/aot, every time it is called.
    /// </summary>
    public static AgentBinaries Publish(string repoRoot, bool aot)
    {
        var project = Path.Combine(repoRoot, "src", "GitOpsAgent.Cli", "GitOpsAgent.Cli.csproj");
        var jitOut = Path.Combine(repoRoot, "bench", "artifacts", "jit");
        var built = BenchProcess.Run("dotnet", ["publish", project, "-c", "Release", "-o", jitOut, "-nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(10));
        if (built.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the CLI failed:\n{built.Output}{built.Error}");
        }

        if (!aot)
        {
            return new AgentBinaries(Path.Combine(jitOut, "gitops-agent.dll"), null, "not built (--no-aot)");
        }

        var aotOut = Path.Combine(repoRoot, "bench", "artifacts", "aot");
        var native = BenchProcess.Run("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", aotOut, "-nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(15));
        return native.ExitCode == 0
            ? new AgentBinaries(Path.Combine(jitOut, "gitops-agent.dll"), Path.Combine(aotOut, "gitops-agent"), null)
            : new AgentBinaries(Path.Combine(jitOut, "gitops-agent.dll"), null, $"NativeAOT publish failed: {(native.Output + native.Error).Trim().Split('\n')[0]}");
    }

    /// <summary>Command line for the JIT or AOT build.</summary>
    public (string File, string[] Prefix) Command(bool useAot) =>
        useAot && AotExecutable is not null ? (AotExecutable, []) : ("dotnet", [JitDll]);

    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOpsAgent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
