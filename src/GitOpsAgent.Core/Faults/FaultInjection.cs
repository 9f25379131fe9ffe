using System.Diagnostics;
using System.Globalization;

namespace GitOpsAgent.Core.Faults;

/// <summary>
/// Named step boundaries of a pass, for the kill-matrix tests: with GITOPS_FAULT_STEPS_LOG set, each boundary reached is
/// appended to that file; with GITOPS_FAULT_KILL_AT=N, the process kills itself with SIGKILL at the N-th. The calls are
/// compiled only into Debug builds (GITOPS_FAULT_INJECTION): a packaged agent has none of this.
/// </summary>
internal static class FaultInjection
{
    private static readonly string? StepsLog = Environment.GetEnvironmentVariable("GITOPS_FAULT_STEPS_LOG");
    private static readonly int KillAt = int.TryParse(Environment.GetEnvironmentVariable("GITOPS_FAULT_KILL_AT"), NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : 0;
    private static readonly object Gate = new();
    private static int _reached;

    [Conditional("GITOPS_FAULT_INJECTION")]
    public static void Step(string name)
    {
        if (StepsLog is null && KillAt == 0)
        {
            return;
        }

        lock (Gate)
        {
            _reached++;
            if (StepsLog is not null)
            {
                File.AppendAllText(StepsLog, name.ReplaceLineEndings(" ") + "\n");
            }

            if (_reached == KillAt)
            {
                // SIGKILL: no finally block, no flush, no lock release by us; exactly what a power cut leaves.
                Process.GetCurrentProcess().Kill();
                Thread.Sleep(Timeout.Infinite);
            }
        }
    }
}
