namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>Runs the built `gitops-agent` to the end and returns what it said, for tests that only need the result.</summary>
public static class BuiltCli
{
    public static CliRun Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var variables = environment?.ToDictionary(pair => pair.Key, pair => (string?)pair.Value);
        using var process = CliProcess.Run(arguments, variables, TimeSpan.FromMinutes(2));
        return new CliRun(process.ExitCode, process.Stdout, process.Stderr);
    }
}
