namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>Small path helpers for test setup.</summary>
public static class PathExtensions
{
    /// <summary>Creates the parent folder of <paramref name="path"/> and returns the path, for one-line file writes.</summary>
    public static string EnsureParent(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return path;
    }
}
