namespace GitOpsAgent.Tests.Unit;

/// <summary>Locates the repository from the test binaries, so tests read real project files.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOpsAgent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"GitOpsAgent.sln not found above {AppContext.BaseDirectory}");
    }
}
