using System.Reflection;
using GitOpsAgent.Core.Processes;

namespace GitOpsAgent.Tests.Pester;

/// <summary>
/// Where the pwsh, Pester and the module under test come from. The repo's own pwsh (tests/PwshHost) is used unless
/// PWSH names another, never whatever pwsh is on PATH, so results do not depend on the machine. The module is
/// assembled by build.ps1's Assemble task into a private folder, the same way Package assembles what ships.
/// </summary>
internal sealed class PesterEnvironment
{
    private static readonly TimeSpan AssembleTimeout = TimeSpan.FromMinutes(3);

    private PesterEnvironment(string repoRoot, string pwsh, string pesterModule, string moduleManifest, string workDir)
    {
        RepoRoot = repoRoot;
        Pwsh = pwsh;
        PesterModule = pesterModule;
        ModuleManifest = moduleManifest;
        WorkDir = workDir;
    }

    public string RepoRoot { get; }

    public string Pwsh { get; }

    public string PesterModule { get; }

    public string ModuleManifest { get; }

    public string WorkDir { get; }

    public static PesterEnvironment Prepare()
    {
        var repoRoot = FindRepoRoot();
        var configuration = typeof(PesterEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BuildConfiguration").Value ?? "Debug";
        var hostDir = Path.Combine(repoRoot, "tests", "PwshHost", "bin", configuration, "net10.0");
        var pesterModule = Path.Combine(hostDir, "runtimes", "unix", "lib", "net10.0", "Modules", "Pester", "Pester.psd1");
        var pwsh = Environment.GetEnvironmentVariable("PWSH") is { Length: > 0 } chosen ? chosen : Path.Combine(hostDir, "pwsh");
        if (!File.Exists(pwsh))
        {
            throw new InvalidOperationException($"pwsh not found at {pwsh}. Build the repo's host (dotnet build tests/PwshHost -c {configuration}) or set PWSH to a pwsh 7.4+.");
        }

        if (!File.Exists(pesterModule))
        {
            throw new InvalidOperationException($"Pester not found at {pesterModule}. Build tests/PwshHost -c {configuration}: it copies Pester from its NuGet package.");
        }

        var workDir = Path.Combine(Path.GetTempPath(), "gitops-pester-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        var moduleDir = Path.Combine(workDir, "GitOpsAgent");
        var assemble = new ProcessRunner().Run(new ProcessRequest(pwsh, [
            "-NoLogo", "-NoProfile", "-NonInteractive", "-File", Path.Combine(repoRoot, "build.ps1"),
            "-Task", "Assemble", "-Configuration", configuration, "-ModuleOutput", moduleDir,
        ])
        {
            WorkingDirectory = repoRoot,
            Timeout = AssembleTimeout,
            MergeOutput = true,
        });
        if (!assemble.Succeeded)
        {
            throw new InvalidOperationException($"build.ps1 -Task Assemble failed (exit {assemble.ExitCode}{(assemble.TimedOut ? ", timed out" : string.Empty)}):\n{assemble.StandardOutput}");
        }

        return new PesterEnvironment(repoRoot, pwsh, pesterModule, Path.Combine(moduleDir, "GitOpsAgent.psd1"), workDir);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOpsAgent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"GitOpsAgent.sln not found above {AppContext.BaseDirectory}");
    }
}
