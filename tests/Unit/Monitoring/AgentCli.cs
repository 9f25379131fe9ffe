using System.Diagnostics;

namespace GitOpsAgent.Tests.Unit.Monitoring;

/// <summary>Starts the built <c>gitops-agent</c> as a real process, the way a device runs it.</summary>
public static class AgentCli
{
    public static string DllPath { get; } = FindDll();

    public static Process Start(params string[] arguments)
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

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Waits for the process and returns its exit code and output; kills it if it hangs.</summary>
    public static (int ExitCode, string Output, string Error) Finish(Process process, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(process);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gitops-agent did not finish within {timeout}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindDll()
    {
        // Same configuration as the tests: bin/<Configuration>/<tfm>/ under the test project.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var path = Path.Combine(RepoPaths.Root, "src", "GitOpsAgent.Cli", "bin", configuration, "net8.0", "gitops-agent.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the gitops-agent CLI is not built at {path}; build the solution first", path);
    }
}
