using System.Diagnostics;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>Runs the built `gitops-agent` as a real child process, the way an operator or systemd would.</summary>
public static class BuiltCli
{
    public static string DllPath { get; } = Find();

    public static CliRun Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("GITOPS_AGENT_CONFIG");
        info.Environment.Remove("GITOPS_AGENT_HOME");
        foreach (var pair in environment ?? new Dictionary<string, string>())
        {
            info.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gitops-agent {string.Join(' ', arguments)} did not finish");
        }

        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Find()
    {
        foreach (var configuration in new[] { "Debug", "Release" })
        {
            var path = Path.Combine(RepoPaths.Root, "src", "GitOpsAgent.Cli", "bin", configuration, "net8.0", "gitops-agent.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("gitops-agent.dll is not built; build the solution first (dotnet build GitOpsAgent.sln).");
    }
}
