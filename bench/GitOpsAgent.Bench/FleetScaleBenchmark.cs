using System.Diagnostics;
using System.Globalization;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.Scheduling;

namespace GitOpsAgent.Bench;

/// <summary>
/// Issue 17, fleet scale: 100, 1 000 and 3 000 simulated devices, each publishing one changed report through Core's
/// <see cref="MonitoringPublisher"/> (in process, not an agent process each, which 3 000 would not afford), at pass ends
/// spread over one interval, to one monitoring branch served by `git daemon` on loopback behind a byte-counting relay.
/// </summary>
public static class FleetScaleBenchmark
{
    // git daemon drops connections beyond its --max-connections (32 by default), so the pool stays under it: more
    // in-flight publishes would measure the daemon's limit, not the branch's.
    private const int DefaultPool = 24;
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux, which /proc/PID/stat counts in.

    public static int Run(string[] args)
    {
        var sizes = Option(args, "--devices")?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() ?? [100, 1000, 3000];
        var interval = int.Parse(Option(args, "--interval-seconds") ?? "300", CultureInfo.InvariantCulture);
        var scale = double.Parse(Option(args, "--time-scale") ?? "1", CultureInfo.InvariantCulture);
        var pool = int.Parse(Option(args, "--pool") ?? DefaultPool.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var window = interval / scale;
        Console.WriteLine("## Fleet scale (issue 17): one changed report per device, pass ends spread over one interval");
        Console.WriteLine();
        Console.WriteLine($"Produced {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC on {Environment.ProcessorCount} cores; load average at the start {LoadAverage()}.");
        Console.WriteLine($"Interval {interval} s{(scale == 1 ? string.Empty : $", time scale {Figures.Number(scale, "0.##")}: the pass ends are spread over {Figures.Number(window, "0.#")} s of wall time, so the arrival rate is {Figures.Number(scale, "0.##")}× a real {interval} s fleet's; git's work and the publisher's back-off (50 ms to 5 s) are not compressed")}.");
        Console.WriteLine($"Each device's pass end is uniform over the interval (the steady state that the loop's ±{PollSchedule.JitterFraction:P0} jitter drifts a fleet into); seed 17.");
        Console.WriteLine($"Devices publish through {pool} agent homes (monitoring clones) used one publish at a time: a device due while all are busy waits, and that wait is in its latency (queue column).");
        Console.WriteLine("Latency: from the device's pass end to the moment its push was accepted. Lost: devices whose report of this round is not on the branch at the end.");
        Console.WriteLine("Bytes: counted by a TCP relay in front of `git daemon`, both ways, all connections of the round. Server CPU: the daemon and the children it reaped (/proc/PID/stat utime+stime+cutime+cstime); client CPU: the bench process and its git children.");
        Console.WriteLine();
        Console.WriteLine("| devices | interval (wall window) | lost | latency p50 / p99 / max s | queue p99 s | retries per publish p50 / p99 / max | landed within s | KiB per publish (to server / to client) | server CPU s (per publish ms) | client CPU s | load after |");
        Console.WriteLine("|---:|---|---:|---|---:|---|---:|---|---|---:|---|");
        foreach (var devices in sizes)
        {
            Console.WriteLine(RunOne(devices, interval, window, pool));
        }

        Console.WriteLine();
        return 0;
    }

    private static string RunOne(int devices, int interval, double window, int pool)
    {
        var root = Path.Combine(Path.GetTempPath(), $"gitops-fleetscale-{Guid.NewGuid():N}"[..30]);
        try
        {
            var remotes = Path.Combine(root, "remotes");
            var bare = Path.Combine(remotes, "deploy-config.git");
            Directory.CreateDirectory(remotes);
            BenchProcess.Git(null, "init", "--quiet", "--bare", bare);
            using var daemon = new GitDaemon(remotes);
            using var proxy = new ByteCountingProxy(daemon.Port);
            var source = new ConfigRepoSource($"git://127.0.0.1:{proxy.Port}/deploy-config.git", "main");
            var seedCommit = new string('0', 40);
            var roundCommit = new string('1', 40);
            var seedTime = DateTimeOffset.UtcNow.AddMinutes(-10);
            Seed(root, bare, source, devices, interval, seedCommit, seedTime);

            var git = new GitClient(host: NullAgentHost.Instance);
            var publishers = Enumerable.Range(0, pool)
                .Select(slot => new MonitoringPublisher(new AgentPaths(Path.Combine(root, "homes", $"pool-{slot:D2}")), git, NullAgentHost.Instance))
                .ToArray();
            // Each home clones the branch once before the clock starts; a real device has its clone from earlier passes.
            for (var slot = 0; slot < Math.Min(pool, devices); slot++)
            {
                publishers[slot].Publish(Config(Device(slot), interval, source), Report(Device(slot), source, seedCommit, seedTime));
            }

            var random = new Random(17);
            var due = Enumerable.Range(0, devices).Select(d => (Device: d, At: TimeSpan.FromSeconds(random.NextDouble() * window)))
                .OrderBy(x => x.At).ToArray();
            var latencies = new double[devices];
            var queued = new double[devices];
            var retries = new double[devices];
            var failures = 0;
            var serverBefore = ServerCpuSeconds(daemon.ProcessId);
            var clientBefore = CpuSeconds(Environment.ProcessId);
            var (upBefore, downBefore) = (proxy.ToServer, proxy.ToClient);
            var next = -1;
            var clock = Stopwatch.StartNew();
            var workers = publishers.Select(publisher => new Thread(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < devices)
                {
                    var (device, at) = due[i];
                    var wait = at - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        Thread.Sleep(wait);
                    }

                    queued[i] = (clock.Elapsed - at).TotalSeconds;
                    var passEnd = DateTimeOffset.UtcNow - (clock.Elapsed - at);
                    var result = publisher.Publish(Config(Device(device), interval, source), Report(Device(device), source, roundCommit, passEnd)).Single();
                    latencies[i] = (clock.Elapsed - at).TotalSeconds;
                    retries[i] = result.PushRetries;
                    if (!result.Pushed)
                    {
                        Interlocked.Increment(ref failures);
                        Console.Error.WriteLine($"{Device(device)}: {result.Message}");
                    }
                }
            }) { IsBackground = true }).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            var landedWithin = clock.Elapsed.TotalSeconds;
            var serverCpu = ServerCpuSeconds(daemon.ProcessId) - serverBefore;
            var clientCpu = CpuSeconds(Environment.ProcessId) - clientBefore;
            var up = proxy.ToServer - upBefore;
            var down = proxy.ToClient - downBefore;

            var onBranch = BenchProcess.Git(bare, "grep", "-l", "-F", roundCommit, "main-monitoring", "--", "edge-*.toml")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            var linear = BenchProcess.Git(bare, "rev-list", "--merges", "main-monitoring").Length == 0;
            var lost = devices - onBranch;
            if (!linear)
            {
                Console.Error.WriteLine("the monitoring branch has merge commits");
            }

            if (failures > 0)
            {
                Console.Error.WriteLine($"{failures} publishes did not push");
            }

            return $"| {devices} | {interval} s ({Figures.Number(window, "0.#")} s) | {lost} | {P(latencies, 50, "0.00")} / {P(latencies, 99, "0.00")} / {P(latencies, 100, "0.00")} | {P(queued, 99, "0.00")} | {P(retries, 50, "0")} / {P(retries, 99, "0")} / {P(retries, 100, "0")} | {Figures.Number(landedWithin, "0.0")} | {Figures.Number(up / 1024.0 / devices, "0.0")} / {Figures.Number(down / 1024.0 / devices, "0.0")} | {Figures.Number(serverCpu, "0.0")} ({Figures.Number(serverCpu * 1000 / devices, "0")}) | {Figures.Number(clientCpu, "0.0")} | {LoadAverage()} |";
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The branch as a fleet that has been running a while leaves it: one report per device, one commit.</summary>
    private static void Seed(string root, string bare, ConfigRepoSource source, int devices, int interval, string commit, DateTimeOffset at)
    {
        var work = Path.Combine(root, "seed");
        BenchProcess.Git(null, "init", "--quiet", "-b", source.MonitoringBranch, work);
        var reports = new List<(string FileName, string Text)>();
        for (var d = 0; d < devices; d++)
        {
            var text = HealthReportWriter.Write(new HealthReportRequest
            {
                Device = Device(d),
                IntervalSeconds = interval,
                HeartbeatSeconds = AgentConfig.DefaultHeartbeatHours * 3600,
                LastUpdated = at,
                ManagedApps = ["web"],
                Outcomes = [Outcome(source, commit)],
            }).Text;
            File.WriteAllText(Path.Combine(work, Device(d) + ".toml"), text);
            reports.Add((Device(d) + ".toml", text));
        }

        File.WriteAllText(Path.Combine(work, FleetDashboard.FileName), FleetDashboard.Render(source.MonitoringBranch, source.ToString(), reports));
        BenchProcess.Git(work, "add", "--all");
        BenchProcess.Git(work, "-c", "user.name=seed", "-c", "user.email=seed@example.invalid", "commit", "--quiet", "-m", "seed");
        BenchProcess.Git(work, "push", "--quiet", bare, $"HEAD:refs/heads/{source.MonitoringBranch}");
    }

    private static string Device(int index) => $"edge-{index + 1:D4}";

    private static AgentConfig Config(string device, int interval, ConfigRepoSource source) => new()
    {
        InfraName = device,
        Interval = interval,
        Applications = [new AgentApplication("web", source)],
    };

    private static PassReport Report(string device, ConfigRepoSource source, string commit, DateTimeOffset finished) => new()
    {
        InfraName = device,
        StartedAt = finished,
        FinishedAt = finished,
        Apps = [Outcome(source, commit)],
    };

    private static AppOutcome Outcome(ConfigRepoSource source, string commit) =>
        new() { Name = "web", ConfigSource = source.ToString(), DesiredCommit = commit, ActualCommit = commit };

    /// <summary>Nearest-rank percentile; 100 is the maximum.</summary>
    private static string P(double[] values, int percentile, string format)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return Figures.Number(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], format);
    }

    /// <summary>
    /// `git daemon` is the git wrapper waiting on git-daemon, which forks a child per connection and reaps it; the wrapper
    /// only counts git-daemon's children once git-daemon exits, so the wrapper's direct children are read too.
    /// </summary>
    private static double ServerCpuSeconds(int pid)
    {
        var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return CpuSeconds(pid) + children.Sum(child => CpuSeconds(int.Parse(child, CultureInfo.InvariantCulture)));
    }

    /// <summary>CPU seconds of a process and of the children it has waited for.</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) .. cstime (17) are 11 .. 14.
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
