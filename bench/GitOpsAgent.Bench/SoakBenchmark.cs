using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>
/// Issue 18's soak: the service loop (`gitops-agent run`) runs pass after pass over a device with a few apps while a
/// random fault is injected after each pass (a local edit, a lost .git, objects deleted, a new release, the app remote
/// gone for a pass); the pass after a fault must bring every app back to healthy. For the JIT and the NativeAOT
/// build, one after the other (never both at once: they would share the cores and the figures), it reports the
/// outcome matrix and the loop's memory after each pass: RSS, which includes the runtime settling (JIT code, GC
/// segments), and the live managed heap, which only a leak makes grow. Not run in CI.
/// Options: <c>--passes N</c> (default 1000), <c>--build jit|aot|both</c> (default both).
/// </summary>
public static class SoakBenchmark
{
    public static int Run(string[] args)
    {
        var options = SoakOptions.Parse(args);
        var root = AgentBinaries.FindRepoRoot();
        var binaries = AgentBinaries.Build(root, aot: options.Builds.Contains(AgentFlavour.NativeAot));
        Console.WriteLine("## Soak: the service loop with a random fault after every pass (issue 18)");
        Console.WriteLine();
        Console.WriteLine(Invariant($"Run on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC at {BenchProcess.Git(root, "rev-parse", "--short", "HEAD")}, {Environment.ProcessorCount} cores. After each pass one fault, chosen at random (seed 18), injected while the loop is frozen (SIGSTOP) between passes; the next pass must leave every app ✅ healthy (a pass without the app remote only has to complete)."));
        Console.WriteLine();
        var status = 0;
        foreach (var build in options.Builds)
        {
            if (binaries.Command(build) is not { } command)
            {
                Console.WriteLine($"### {build}: not run ({binaries.AotProblem})");
                Console.WriteLine();
                status = 1;
                continue;
            }

            SoakResult result;
            using (var run = new SoakRun(command))
            {
                result = run.Run(build, options.Passes);
            }

            SoakReport.Print(result, options.Passes);
            status |= result.AllConverged ? 0 : 1;
        }

        return status;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
