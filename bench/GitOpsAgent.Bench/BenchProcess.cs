using System.Diagnostics;

namespace GitOpsAgent.Bench;

/// <summary>Runs setup commands (git, dotnet, /usr/bin/time) with a timeout, no terminal and stdin closed.</summary>
public static class BenchProcess
{
    public static (int ExitCode, string Output, string Error) Run(string file, IEnumerable<string> arguments, string? directory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(file, arguments, directory, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in time");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Like <see cref="Run"/>, with <paramref name="writeInput"/> writing the process's standard input (closed after it).</summary>
    public static (int ExitCode, string Output, string Error) RunWithInput(string file, IEnumerable<string> arguments, Action<Stream> writeInput, string? directory = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(writeInput);
        using var process = Start(file, arguments, directory, environment: null, keepInput: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            using var input = new BufferedStream(process.StandardInput.BaseStream, 1 << 20);
            writeInput(input);
        });
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in time");
        }

        try
        {
            writer.GetAwaiter().GetResult();
        }
        catch (IOException) when (process.ExitCode != 0)
        {
            // The process stopped reading because it failed; its own message says why.
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    public static Process Start(string file, IEnumerable<string> arguments, string? directory = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(file, arguments, directory, environment, keepInput: false);

    private static Process Start(string file, IEnumerable<string> arguments, string? directory, IReadOnlyDictionary<string, string>? environment, bool keepInput)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        info.Environment.Remove("GITOPS_AGENT_CONFIG");
        info.Environment.Remove("GITOPS_AGENT_HOME");
        foreach (var pair in environment ?? new Dictionary<string, string>())
        {
            info.Environment[pair.Key] = pair.Value;
        }

        var process = Process.Start(info)!;
        if (!keepInput)
        {
            process.StandardInput.Close();
        }

        return process;
    }

    public static string Git(string? directory, params string[] arguments)
    {
        var (exitCode, output, error) = Run("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.test", "-c", "init.defaultBranch=main", .. arguments], directory);
        return exitCode == 0 ? output.Trim() : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
    }
}
