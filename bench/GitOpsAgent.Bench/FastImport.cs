namespace GitOpsAgent.Bench;

/// <summary>Runs <c>git fast-import</c> on a bare repo with the stream <see cref="FastImportWriter"/> writes.</summary>
public static class FastImport
{
    public static void Into(string bareRepo, Action<FastImportWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (exitCode, _, error) = BenchProcess.RunWithInput(
            "git",
            ["-C", bareRepo, "fast-import", "--quiet", "--done"],
            input =>
            {
                var writer = new FastImportWriter(input);
                write(writer);
                writer.Done();
            },
            timeout: TimeSpan.FromMinutes(5));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"git fast-import into {bareRepo} failed: {error.Trim()}");
        }
    }
}
