using System.Diagnostics;
using System.Text;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>
/// The built `gitops-agent` command, run as a real process (`dotnet gitops-agent.dll`): stdin closed, both streams
/// collected, every wait bounded, and killed with its children when a test ends early.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private CliProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The machine's own agent settings and journal must not leak into a test.
        foreach (var name in new[] { "GITOPS_AGENT_CONFIG", "GITOPS_AGENT_HOME", "JOURNAL_STREAM", "VISUAL", "EDITOR" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var pair in environment ?? new Dictionary<string, string?>())
        {
            if (pair.Value is null)
            {
                info.Environment.Remove(pair.Key);
            }
            else
            {
                info.Environment[pair.Key] = pair.Value;
            }
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>gitops-agent.dll as built next to these tests, in the same configuration.</summary>
    public static string DllPath { get; } = FindDll();

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public static CliProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) => new(arguments, environment);

    /// <summary>Runs to the end; the test fails when it takes longer than <paramref name="timeout"/>.</summary>
    public static CliProcess Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var process = new CliProcess(arguments, environment);
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Dispose();
            Assert.Fail($"gitops-agent {string.Join(' ', arguments)} did not finish in time.\nstdout:\n{process.Stdout}\nstderr:\n{process.Stderr}");
        }

        return process;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // flushes the asynchronous readers
        return true;
    }

    /// <summary>Waits until the combined output satisfies <paramref name="condition"/>; false on timeout or exit.</summary>
    public bool WaitForOutput(Func<string, string, bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (condition(Stdout, Stderr))
            {
                return true;
            }

            if (_process.HasExited)
            {
                _process.WaitForExit();
                return condition(Stdout, Stderr);
            }

            Thread.Sleep(50);
        }

        return false;
    }

    /// <summary>Sends SIGTERM the way systemd does, with the real kill(1).</summary>
    public void Terminate()
    {
        var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        Assert.True(kill.WaitForExit(TimeSpan.FromSeconds(10)), "kill -TERM hung");
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }

    private static string FindDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepoPaths.Root, "src", "GitOpsAgent.Cli", "bin", configuration, "net8.0", "gitops-agent.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist; build the solution first.");
    }
}
