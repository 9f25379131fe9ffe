namespace GitOpsAgent.Bench;

/// <summary>
/// The pwsh the benchmarks run the PowerShell loop under: <c>$PWSH</c> when set, otherwise the repo's own pwsh
/// (tests/PwshHost, pwsh 7.6 from NuGet), built with the bench's configuration when it is missing. A pwsh on PATH
/// is not used, so the figures do not depend on what happens to be installed.
/// </summary>
public sealed record RepoPwsh(string Executable, string Version, string Origin)
{
    public static RepoPwsh Find(string repoRoot)
    {
        if (Environment.GetEnvironmentVariable("PWSH") is { Length: > 0 } fromEnvironment)
        {
            if (!File.Exists(fromEnvironment))
            {
                throw new InvalidOperationException($"$PWSH is set to {fromEnvironment}, which does not exist");
            }

            return WithVersion(fromEnvironment, "$PWSH");
        }

        // bench/GitOpsAgent.Bench/bin/<Configuration>/<tfm>/: the PwshHost build of the same configuration and tfm.
        var benchOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = benchOutput.Name;
        var configuration = benchOutput.Parent?.Name ?? "Release";
        var project = Path.Combine(repoRoot, "tests", "PwshHost");
        var executable = Path.Combine(project, "bin", configuration, framework, "pwsh");
        if (!File.Exists(executable))
        {
            var built = BenchProcess.Run("dotnet", ["build", project, "-c", configuration, "-nologo", "-v", "quiet"], directory: repoRoot, timeout: TimeSpan.FromMinutes(15));
            if (built.ExitCode != 0 || !File.Exists(executable))
            {
                throw new InvalidOperationException($"dotnet build tests/PwshHost -c {configuration} did not produce {executable}: {LastLine(built.Output + built.Error)}");
            }
        }

        return WithVersion(executable, $"the repo's tests/PwshHost/bin/{configuration}/{framework}/pwsh");
    }

    /// <summary>
    /// Assembles the module the way build.ps1 does (build the cmdlets project, then <c>build.ps1 -Task Assemble</c>)
    /// into <paramref name="moduleOutput"/>, leaving out/ alone; returns the path of its manifest.
    /// </summary>
    public string AssembleModule(string repoRoot, string moduleOutput)
    {
        const string Configuration = "Release";
        var cmdlets = Path.Combine(repoRoot, "src", "GitOpsAgent.Cmdlets", "GitOpsAgent.Cmdlets.csproj");
        var built = BenchProcess.Run("dotnet", ["build", cmdlets, "-c", Configuration, "-nologo", "-v", "quiet"], directory: repoRoot, timeout: TimeSpan.FromMinutes(10));
        if (built.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build of the cmdlets failed: {LastLine(built.Output + built.Error)}");
        }

        var assembled = BenchProcess.Run(Executable, ["-NoProfile", "-NonInteractive", "-File", Path.Combine(repoRoot, "build.ps1"), "-Task", "Assemble", "-Configuration", Configuration, "-ModuleOutput", moduleOutput], directory: repoRoot, timeout: TimeSpan.FromMinutes(5));
        var manifest = Path.Combine(moduleOutput, "GitOpsAgent.psd1");
        return assembled.ExitCode == 0 && File.Exists(manifest)
            ? manifest
            : throw new InvalidOperationException($"build.ps1 -Task Assemble failed: {LastLine(assembled.Output + assembled.Error)}");
    }

    private static RepoPwsh WithVersion(string executable, string origin)
    {
        var version = BenchProcess.Run(executable, ["-NoProfile", "-NonInteractive", "-Command", "$PSVersionTable.PSVersion.ToString()"], timeout: TimeSpan.FromMinutes(2));
        return version.ExitCode == 0
            ? new RepoPwsh(executable, version.Output.Trim(), origin)
            : throw new InvalidOperationException($"{executable} does not start: {LastLine(version.Output + version.Error)}");
    }

    private static string LastLine(string text) => text.Trim().Split('\n')[^1].Trim();
}
