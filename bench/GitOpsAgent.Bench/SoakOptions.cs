using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>The soak's command line: <c>--passes N</c> (default 1000) and <c>--build jit|aot|both</c> (default both).</summary>
public sealed record SoakOptions(int Passes, IReadOnlyList<AgentFlavour> Builds)
{
    public static SoakOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var passes = 1000;
        var build = "both";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--passes":
                    passes = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--build":
                    build = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"unknown soak option {args[i]} (--passes N, --build jit|aot|both)");
            }
        }

        if (passes < 100)
        {
            // Below that the first and last 50 passes overlap and the second half is too short for a slope.
            throw new ArgumentException("--passes must be at least 100");
        }

        AgentFlavour[] builds = build switch
        {
            "jit" => [AgentFlavour.Jit],
            "aot" => [AgentFlavour.NativeAot],
            "both" => [AgentFlavour.Jit, AgentFlavour.NativeAot],
            _ => throw new ArgumentException($"--build {build}: expected jit, aot or both"),
        };
        return new SoakOptions(passes, builds);
    }
}
