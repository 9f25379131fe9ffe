using System.Reflection;
using System.Runtime.InteropServices;

namespace GitOpsAgent.Tests.Unit.Cmdlets;

/// <summary>
/// The built cmdlets assembly, read with MetadataLoadContext: the test runs on a newer runtime without
/// PowerShell, so the assembly is inspected, never loaded for execution.
/// </summary>
internal sealed class CmdletAssembly : IDisposable
{
    public const string AutomationNamespace = "System.Management.Automation";

    private static readonly string[] ModuleAssemblies = ["GitOpsAgent", "GitOpsAgent.Core", "GitOpsAgent.Toml"];

    private readonly MetadataLoadContext _context;

    public CmdletAssembly()
    {
        BuildDirectory = FindBuildDirectory();
        var automation = Path.Combine(BuildDirectory, "System.Management.Automation.dll");
        if (!File.Exists(automation))
        {
            automation = Path.Combine(NuGetPackages(), "powershellstandard.library", "5.1.1", "lib", "netstandard2.0", "System.Management.Automation.dll");
        }

        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(BuildDirectory, "*.dll").Where(p => !p.EndsWith("System.Management.Automation.dll", StringComparison.Ordinal)))
            .Append(automation)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last());
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Assembly = _context.LoadFromAssemblyPath(Path.Combine(BuildDirectory, "GitOpsAgent.dll"));
        Cmdlets = Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == AutomationNamespace + ".CmdletAttribute"))
            .Select(t => new CmdletInfo(t))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public string BuildDirectory { get; }

    public Assembly Assembly { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    /// <summary>A type of the module's own assemblies, by full name.</summary>
    public Type? FindType(string fullName) =>
        ModuleAssemblies
            .Select(name => _context.LoadFromAssemblyName(name).GetType(fullName))
            .FirstOrDefault(t => t is not null);

    public void Dispose() => _context.Dispose();

    /// <summary>The cmdlets project's output for this test run's configuration, else whichever build exists.</summary>
    private static string FindBuildDirectory()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        var bin = Path.Combine(RepoPaths.Root, "src", "GitOpsAgent.Cmdlets", "bin");
        var candidates = new[] { configuration, "Debug", "Release" }
            .Select(c => Path.Combine(bin, c, "net8.0"))
            .Where(dir => File.Exists(Path.Combine(dir, "GitOpsAgent.dll")))
            .ToList();
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException($"GitOpsAgent.dll is not built under {bin}; build the solution first.");
    }

    private static string NuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
