using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Bench;

/// <summary>
/// One build's soak: `gitops-agent run --interval 0.2` over a fresh device, and after each pass (read from the loop's
/// memory line) the loop is frozen with SIGSTOP while the previous fault's outcome is judged and the next fault is
/// injected, so every fault lands between two passes, never in the middle of one (at 0.2 s an injection that runs
/// a few git commands would otherwise overlap the next pass now and then, and that pass would be judged on half a fault).
/// </summary>
public sealed class SoakRun : IDisposable
{
    public const int Apps = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly DeviceWorld _world = new(Apps, overDaemon: false);
    private readonly BlockingCollection<(double Heap, double Resident)> _memory = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Dictionary<string, (int Converged, int NotYet)> _outcomes = SoakFaults.All.ToDictionary(f => f, _ => (0, 0), StringComparer.Ordinal);
    private readonly List<SoakSample> _samples = [];
    private readonly Random _random = new(18);
    private readonly Process _loop;
    private readonly List<string> _misses = [];
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private int _faultedApp;
    private (double Min, double Max) _load = (double.MaxValue, 0);

    public SoakRun((string File, string[] Prefix) command)
    {
        var environment = new Dictionary<string, string> { ["GITOPS_AGENT_CONFIG"] = _world.ConfigFile, ["GITOPS_AGENT_HOME"] = _world.Paths.Home };
        _loop = BenchProcess.Start(command.File, [.. command.Prefix, "run", "--interval", "0.2"], environment: environment);
        // Both streams are drained all along: a full pipe would stop the loop.
        _loop.OutputDataReceived += (_, line) =>
        {
            if (LoopMemoryLine.TryParse(line.Data, out var heap, out var resident))
            {
                _memory.Add((heap, resident));
            }
        };
        _loop.ErrorDataReceived += (_, line) =>
        {
            // The last lines are the ones that explain a miss or a stall.
            if (line.Data is { } text)
            {
                _errors.Enqueue(text);
                while (_errors.Count > 200 && _errors.TryDequeue(out string? _))
                {
                }
            }
        };
        _loop.BeginOutputReadLine();
        _loop.BeginErrorReadLine();
    }

    public SoakResult Run(AgentFlavour build, int passes)
    {
        var watch = Stopwatch.StartNew();
        string? pending = null;
        for (var pass = 1; pass <= passes; pass++)
        {
            if (!_memory.TryTake(out var memory, Patience))
            {
                var why = _loop.HasExited ? $"exited with {_loop.ExitCode}" : "stalled";
                return Result(build, watch, $"the loop {why} at pass {pass}: {string.Join('\n', _errors.TakeLast(20))}");
            }

            Signal("STOP");
            _samples.Add(Sample(pass, memory.Heap, memory.Resident));
            SampleLoad();
            var report = NewReport();
            if (pending is not null)
            {
                SoakFaults.Restore(_world, pending);
                Judge(pass, pending, report);
            }

            pending = SoakFaults.All[_random.Next(SoakFaults.All.Count)];
            _faultedApp = _random.Next(Apps);
            SoakFaults.Inject(_world, pending, _faultedApp);
            Signal("CONT");
        }

        return Result(build, watch, stall: null);
    }

    public void Dispose()
    {
        if (!_loop.HasExited)
        {
            _loop.Kill(entireProcessTree: true);
            _loop.WaitForExit();
        }

        _loop.Dispose();
        _memory.Dispose();
        _world.Dispose();
    }

    /// <summary>
    /// The pass after a fault converged when it saved a report with every app healthy; without the app remote it
    /// only has to complete (save a report).
    /// </summary>
    private void Judge(int pass, string fault, PassReport? report)
    {
        var converged = report is not null && (fault == SoakFaults.RemoteGone || report.Apps.All(app => app.Healthy));
        var (yes, no) = _outcomes[fault];
        _outcomes[fault] = converged ? (yes + 1, no) : (yes, no + 1);
        if (!converged && _misses.Count < 10)
        {
            var apps = report is null
                ? "the pass saved no report: " + string.Join(" / ", _errors.TakeLast(3))
                : string.Join("; ", report.Apps.Where(app => !app.Healthy).Select(app => $"{app.Name}: {app.Status}: {app.Error}"));
            _misses.Add($"pass {pass}, after {fault} on {DeviceWorld.App(_faultedApp)}: {apps}");
        }
    }

    /// <summary>The report of the pass just finished; null when that pass saved none (it failed as a whole).</summary>
    private PassReport? NewReport()
    {
        var report = LastPassStore.Load(_world.Paths);
        if (report is null || report.FinishedAt <= _lastReport)
        {
            return null;
        }

        _lastReport = report.FinishedAt;
        return report;
    }

    private void Signal(string signal)
    {
        var (exitCode, _, error) = BenchProcess.Run("kill", ["-" + signal, _loop.Id.ToString(CultureInfo.InvariantCulture)]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_loop.Id} failed: {error}");
        }
    }

    private SoakSample Sample(int pass, double heap, double resident)
    {
        var status = File.ReadLines($"/proc/{_loop.Id}/status")
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1].Trim().Split(' ')[0], StringComparer.Ordinal);
        double MiB(string field) => long.Parse(status[field], CultureInfo.InvariantCulture) / 1024.0;
        return new SoakSample(pass, heap, resident, MiB("RssAnon"), MiB("RssFile"), MiB("RssShmem"), int.Parse(status["Threads"], CultureInfo.InvariantCulture));
    }

    private void SampleLoad()
    {
        var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        _load = (Math.Min(_load.Min, load), Math.Max(_load.Max, load));
    }

    private SoakResult Result(AgentFlavour build, Stopwatch watch, string? stall) =>
        new(build, watch.Elapsed, new Dictionary<string, (int, int)>(_outcomes, StringComparer.Ordinal), [.. _samples], _load, stall) { Misses = [.. _misses] };
}
