using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Bench;

/// <summary>
/// 10, 50 and 100 devices (each its own agent home and `gitops-agent publish` process) publishing to one
/// monitoring branch at the same moment: time until every report landed, retries, reports lost (must be 0).
/// </summary>
public static partial class FleetBenchmark
{
    public static int Run(string[] args)
    {
        var sizes = args.Contains("--quick") ? new[] { 10 } : [10, 50, 100];
        var binaries = AgentBinaries.Build(AgentBinaries.FindRepoRoot(), aot: !args.Contains("--no-aot"));
        var useAot = binaries.AotExecutable is not null;
        Console.WriteLine("## Fleet: devices publishing to one monitoring branch at the same moment");
        Console.WriteLine();
        Console.WriteLine($"Each device is its own `gitops-agent publish` process ({(useAot ? "NativeAOT build" : "JIT build")}) with its own agent home, all started at once over file://.");
        Console.WriteLine("A run changes every device's report, so every device must push. Lost = devices whose latest report is not on the branch afterwards.");
        Console.WriteLine();
        Console.WriteLine("| devices | runs | time until all landed s | push retries (all devices) | max retries one device | reports lost | history linear, no force-push |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|");
        foreach (var devices in sizes)
        {
            var runs = devices >= 100 ? 3 : 5;
            var root = Path.Combine(Path.GetTempPath(), $"gitops-fleet-{Guid.NewGuid():N}"[..25]);
            try
            {
                var bare = Path.Combine(root, "deploy-config.git");
                BenchProcess.Git(null, "init", "--quiet", "--bare", bare);
                var seed = Path.Combine(root, "seed");
                BenchProcess.Git(null, "clone", "--quiet", bare, seed);
                File.WriteAllText(Path.Combine(seed, "README.md"), "config\n");
                BenchProcess.Git(seed, "add", "--all");
                BenchProcess.Git(seed, "commit", "--quiet", "-m", "config");
                BenchProcess.Git(seed, "push", "--quiet", "origin", "HEAD:refs/heads/main");
                var source = new ConfigRepoSource("file://" + bare, "main");
                var seconds = new List<double>();
                var retries = new List<double>();
                var maxRetries = new List<double>();
                var lost = new List<double>();
                var linear = true;
                for (var run = 0; run < runs; run++)
                {
                    var commit = (run + 1).ToString("x", CultureInfo.InvariantCulture).PadLeft(40, '0');
                    var (elapsed, perDevice) = PublishAll(binaries, useAot, root, source, devices, commit);
                    seconds.Add(elapsed.TotalSeconds);
                    retries.Add(perDevice.Sum());
                    maxRetries.Add(perDevice.Max());
                    lost.Add(CountLost(bare, devices, commit));
                    linear &= BenchProcess.Git(bare, "rev-list", "--merges", "main-monitoring").Length == 0
                        && int.Parse(BenchProcess.Git(bare, "rev-list", "--count", "main-monitoring"), CultureInfo.InvariantCulture) >= devices * (run + 1);
                }

                Console.WriteLine($"| {devices} | {runs} | {Figures.Spread(seconds, "0.0")} | {Figures.Spread(retries, "0")} | {Figures.Spread(maxRetries, "0")} | {Figures.Spread(lost, "0")} | {(linear ? "yes" : "NO")} |");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        Console.WriteLine();
        return 0;
    }

    private static (TimeSpan Elapsed, List<int> Retries) PublishAll(AgentBinaries binaries, bool useAot, string root, ConfigRepoSource source, int devices, string commit)
    {
        var (file, prefix) = binaries.Command(useAot);
        var commands = new List<string[]>();
        for (var d = 1; d <= devices; d++)
        {
            var device = $"edge-{d:D3}";
            var paths = new AgentPaths(Path.Combine(root, "homes", device));
            var config = Path.Combine(root, "etc", device + ".toml");
            Directory.CreateDirectory(Path.GetDirectoryName(config)!);
            File.WriteAllText(config, $"infra_name = \"{device}\"\ninterval = 60\n[applications]\nweb = \"{source}\"\n");
            var now = DateTimeOffset.UtcNow;
            LastPassStore.Save(paths, new PassReport
            {
                InfraName = device,
                StartedAt = now,
                FinishedAt = now,
                Apps = [new AppOutcome { Name = "web", ConfigSource = source.ToString(), DesiredCommit = commit, ActualCommit = commit }],
            });
            commands.Add([.. prefix, "publish", "--config", config, "--home", paths.Home]);
        }

        var watch = Stopwatch.StartNew();
        var processes = commands.Select(command => BenchProcess.Start(file, command)).ToList();
        var outputs = processes.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
        foreach (var process in processes)
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        watch.Stop();
        var retries = new List<int>();
        for (var i = 0; i < processes.Count; i++)
        {
            var text = outputs[i].Out.Result + outputs[i].Err.Result;
            var match = RetryNote().Match(text);
            retries.Add(match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
            if (processes[i].ExitCode != 0)
            {
                Console.Error.WriteLine($"device {i + 1} exited {processes[i].ExitCode}: {text.Trim()}");
            }

            processes[i].Dispose();
        }

        return (watch.Elapsed, retries);
    }

    private static int CountLost(string bare, int devices, string commit)
    {
        var lost = 0;
        for (var d = 1; d <= devices; d++)
        {
            var (exitCode, output, _) = BenchProcess.Run("git", ["-C", bare, "show", $"main-monitoring:edge-{d:D3}.toml"]);
            if (exitCode != 0 || !output.Contains(commit, StringComparison.Ordinal))
            {
                lost++;
            }
        }

        return lost;
    }

    [GeneratedRegex(@"after (\d+) retr")]
    private static partial Regex RetryNote();
}
