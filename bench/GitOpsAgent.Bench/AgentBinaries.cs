namespace GitOpsAgent.Bench;

/// <summary>
/// The gitops-agent builds the benchmarks run as separate processes: the JIT build (dotnet gitops-agent.dll, IL only),
/// on request the ReadyToRun build (the same, compiled as build.ps1 -Task Package does) and, when the registry serves
/// the ILCompiler package, the NativeAOT build.
/// </summary>
public sealed record AgentBinaries(string JitDll, string? AotExecutable, string? AotProblem)
{
    private static AgentBinaries? _built;

    /// <summary>gitops-agent.dll of the ReadyToRun build, when one was asked for and made.</summary>
    public string? ReadyToRunDll { get; init; }

    /// <summary>Publishes the CLI once per benchmark process (the AOT build takes a minute or two).</summary>
    public static AgentBinaries Build(string repoRoot, bool aot) => _built ??= Publish(repoRoot, aot);

    /// <summary>
    /// The builds of this tree with the ReadyToRun one too: bench/artifacts/r2r is bench/artifacts/jit with its
    /// assemblies compiled ReadyToRun.
    /// </summary>
    public static AgentBinaries BuildWithReadyToRun(string repoRoot, bool aot)
    {
        var built = Build(repoRoot, aot);
        if (built.ReadyToRunDll is not null)
        {
            return built;
        }

        var jitOut = Path.GetDirectoryName(built.JitDll)!;
        var r2rOut = Path.Combine(repoRoot, "bench", "artifacts", "r2r");
        if (Directory.Exists(r2rOut))
        {
            Directory.Delete(r2rOut, recursive: true);
        }

        Directory.CreateDirectory(r2rOut);
        foreach (var file in Directory.EnumerateFiles(jitOut))
        {
            File.Copy(file, Path.Combine(r2rOut, Path.GetFileName(file)));
        }

        ReadyToRunCompiler.Compile(repoRoot, [r2rOut]);
        return _built = built with { ReadyToRunDll = Path.Combine(r2rOut, "gitops-agent.dll") };
    }

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

    /// <summary>Command line for one flavour; null when that build was not made.</summary>
    public (string File, string[] Prefix)? Command(AgentFlavour flavour) => flavour switch
    {
        AgentFlavour.Jit => ("dotnet", [JitDll]),
        AgentFlavour.ReadyToRun => ReadyToRunDll is { } r2r ? ("dotnet", [r2r]) : null,
        _ => AotExecutable is { } aot ? (aot, []) : null,
    };

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
