using System.Text.Json;
using GitOpsAgent.Core.Processes;

namespace GitOpsAgent.Tests.Pester;

/// <summary>
/// Runs every tests/Pester/*.Tests.ps1, each in its own pwsh process as a user would, two at a time, and collects
/// one <see cref="PesterResult"/> per Pester test. A file that crashes, hangs or writes no results becomes a failed
/// result carrying pwsh's output, never a silently missing one.
/// </summary>
internal static class PesterSuite
{
    private static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(8);
    private static readonly Lazy<IReadOnlyList<PesterResult>> AllResults = new(RunAll, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyList<PesterResult> Results => AllResults.Value;

    private static List<PesterResult> RunAll()
    {
        PesterEnvironment environment;
        try
        {
            environment = PesterEnvironment.Prepare();
        }
        catch (InvalidOperationException ex)
        {
            return [new PesterResult("(setup)", "pwsh, Pester and the module are ready", "Failed", ex.Message, 0)];
        }

        try
        {
            var files = Directory.GetFiles(Path.Combine(environment.RepoRoot, "tests", "Pester"), "*.Tests.ps1").Order(StringComparer.Ordinal).ToList();
            var results = new List<PesterResult>[files.Count];
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = RunFile(environment, files[i]));
            return results.SelectMany(r => r).ToList();
        }
        finally
        {
            try
            {
                Directory.Delete(environment.WorkDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the results matter.
            }
        }
    }

    private static List<PesterResult> RunFile(PesterEnvironment environment, string file)
    {
        var name = Path.GetFileName(file);
        var resultFile = Path.Combine(environment.WorkDir, name + ".json");
        var run = new ProcessRunner().Run(new ProcessRequest(environment.Pwsh, [
            "-NoLogo", "-NoProfile", "-NonInteractive", "-File", Path.Combine(environment.RepoRoot, "tests", "Pester.Runner", "Invoke-PesterFile.ps1"),
            "-Path", file, "-ResultFile", resultFile, "-PesterModule", environment.PesterModule,
        ])
        {
            WorkingDirectory = environment.RepoRoot,
            Timeout = FileTimeout,
            MergeOutput = true,
            OutputLimit = 4 * 1024 * 1024,
            Environment = new Dictionary<string, string>
            {
                ["GITOPS_TEST_MODULE"] = environment.ModuleManifest,
                ["GIT_TERMINAL_PROMPT"] = "0",
                ["NO_COLOR"] = "1",
                ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
                ["POWERSHELL_UPDATECHECK"] = "Off",
            },
        });

        var output = run.StandardOutput;
        if (run.TimedOut || !File.Exists(resultFile))
        {
            var why = run.TimedOut ? $"timed out after {FileTimeout.TotalMinutes} minutes" : $"wrote no results (exit {run.ExitCode})";
            return [new PesterResult(name, "(the file ran to the end)", "Failed", $"pwsh {why}. Its output:\n{Tail(output)}", run.Duration.TotalSeconds)];
        }

        var rows = JsonSerializer.Deserialize<List<Row>>(File.ReadAllText(resultFile), JsonOptions) ?? [];
        if (rows.Count == 0)
        {
            return [new PesterResult(name, "(the file holds tests)", "Failed", $"Pester found no test in {name}. Its output:\n{Tail(output)}", run.Duration.TotalSeconds)];
        }

        return rows.Select(r => new PesterResult(name, r.Name, r.Result, string.IsNullOrEmpty(r.Message) ? string.Empty : r.Message, r.Seconds)).ToList();
    }

    private static string Tail(string text) => text.Length <= 20_000 ? text : "…" + text[^20_000..];

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Row(string Name, string Result, string? Message, double Seconds);
}
