using System.Diagnostics;
using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>
/// Issue 16, measured bytes: what a device sends and receives on each kind of pass (first deployment, steady, change,
/// publish, <c>status --fleet</c>) against repos sized like real life, counted by TCP proxies in front of
/// <c>git daemon</c>, next to what plain git moves for the same job, and held to the issue's targets.
/// </summary>
public static class BytesBenchmark
{
    public static int Run(string[] args)
    {
        var clock = Stopwatch.StartNew();
        var binaries = AgentBinaries.Build(AgentBinaries.FindRepoRoot(), aot: false);
        var built = clock.Elapsed.TotalSeconds;
        using var world = new BytesWorld();
        var setUp = clock.Elapsed.TotalSeconds - built;
        var scenarios = new BytesScenarios(world, binaries);
        scenarios.RunAll();
        var measured = clock.Elapsed.TotalSeconds - built - setUp;

        Console.WriteLine("## Bytes on the wire (issue 16)");
        Console.WriteLine();
        Console.WriteLine($"Produced {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by `dotnet run -c Release --project bench/GitOpsAgent.Bench -- bytes` at commit {Head()}, {BenchProcess.Git(null, "--version")}.");
        Console.WriteLine($"Build {Seconds(built)} s (not counted), scenarios written {Seconds(setUp)} s (app repo {Seconds(world.AppSeconds)}, config repo {Seconds(world.ConfigSeconds)}, monitoring branch {Seconds(world.FleetSeconds)}), measured {Seconds(measured)} s.");
        Console.WriteLine();
        PrintWorld(world);
        Console.WriteLine("| scenario | gitops-agent | to device KiB | from device KiB | connections | plain git doing the same job | to device KiB | from device KiB | agent / plain (both ways) |");
        Console.WriteLine("|---|---|---:|---:|---:|---|---:|---:|---:|");
        foreach (var row in scenarios.Rows)
        {
            var plain = row.PlainBytes is { } p
                ? $"{ByteFormat.KiB(p.ToClient)} | {ByteFormat.KiB(p.ToServer)} | {ByteFormat.Ratio((double)row.AgentBytes.Total / p.Total)}"
                : "- | - | -";
            Console.WriteLine($"| {row.Scenario} | {row.Agent} | {ByteFormat.KiB(row.AgentBytes.ToClient)} | {ByteFormat.KiB(row.AgentBytes.ToServer)} | {row.AgentBytes.Connections} | {row.Plain} | {plain} |");
        }

        Console.WriteLine();
        Console.WriteLine("| reference | size | note |");
        Console.WriteLine("|---|---:|---|");
        foreach (var (name, bytes, note) in scenarios.References)
        {
            Console.WriteLine($"| {name} | {ByteFormat.Size(bytes)} | {note} |");
        }

        Console.WriteLine();
        Console.WriteLine("| target (issue 16) | measured | limit | met |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var target in scenarios.Targets)
        {
            Console.WriteLine($"| {target.Target} | {target.Measured} | {target.Limit} | {(target.Met ? "yes" : "**no**")} |");
        }

        Console.WriteLine();
        return 0;
    }

    private static void PrintWorld(BytesWorld world)
    {
        var appPack = PackedBytes(world.AppBare);
        var treeRaw = PlainGit.Run(world.AppBare, "ls-tree", "-r", "-l", world.App.Pinned).Split('\n')
            .Sum(line => long.Parse(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture));
        Console.WriteLine($"- app repo: {AppRepoScenario.Commits} commits, {ByteFormat.MiB(appPack)} MiB packed, {AppRepoScenario.Branches} branches and {AppRepoScenario.Tags} annotated tags; the pinned commit (main~10, at no ref's tip) has a tree of {AppRepoScenario.Directories * AppRepoScenario.FilesPerDirectory} files, {ByteFormat.MiB(treeRaw)} MiB");
        Console.WriteLine($"- config repo: {ConfigRepoScenario.Devices} device folders (infra_meta.toml, web.env, app.yaml), `{ConfigRepoScenario.SharedFile}`, {ConfigRepoScenario.HistoryCommits + 1} commits on main, {ConfigRepoScenario.Branches} branches and {ConfigRepoScenario.Tags} tags; the measured device `{BytesWorld.Device}` references its own web.env and `{ConfigRepoScenario.SharedFile}`");
        Console.WriteLine($"- monitoring branch (same repo): {world.Fleet.Devices} reports of {AverageReport(world.ConfigBare)} bytes on average, {world.Fleet.Commits} commits over {BytesWorld.FleetDays} days ({BytesWorld.FleetCommitsPerDay} a day, {BytesWorld.FleetReportsPerCommit} reports each) before the bench adds its own; the whole repo {ByteFormat.MiB(PackedBytes(world.ConfigBare))} MiB packed");
        Console.WriteLine("- servers: `git daemon` on 127.0.0.1, one like GitHub (`uploadpack.allowFilter`, `uploadpack.allowAnySHA1InWant`, protocol v2) and one legacy (protocol v0 only: the proxy drops the client's `version=2`; no `allow*SHA1InWant`, so an id no ref points at is refused)");
        Console.WriteLine("- the agent: the JIT build of this tree, `reconcile --no-publish` then `publish` so config, app and monitoring bytes are apart (config and app URLs go through proxies of their own); `monitoring_history_retention_days = 400` so the year of history is not squashed by the first publish");
        Console.WriteLine("- to device = bytes the server sent, from device = bytes the device sent, each including git's protocol (ref advertisement, negotiation, pack)");
        Console.WriteLine();
    }

    private static long PackedBytes(string bare) =>
        Directory.GetFiles(Path.Combine(bare, "objects", "pack"), "*.pack").Sum(file => new FileInfo(file).Length);

    private static long AverageReport(string bare)
    {
        var sizes = PlainGit.Run(bare, "ls-tree", "-l", MonitoringScenario.Branch).Split('\n')
            .Where(line => line.EndsWith(".toml", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture))
            .ToList();
        return sizes.Count == 0 ? 0 : sizes.Sum() / sizes.Count;
    }

    private static string Head()
    {
        var (exitCode, output, _) = BenchProcess.Run("git", ["-C", AgentBinaries.FindRepoRoot(), "rev-parse", "--short", "HEAD"]);
        return exitCode == 0 ? output.Trim() : "unknown";
    }

    private static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);
}
