using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Bench;

/// <summary>
/// The scenarios of the bytes benchmark, in the order a device lives them (first deployment, steady pass, change pass,
/// publish, fleet view), each measured on its proxy and next to plain git doing the same job through another proxy.
/// </summary>
public sealed class BytesScenarios(BytesWorld world, AgentBinaries binaries)
{
    public const int OtherPublishes = 20;
    private readonly string _plain = Path.Combine(world.Root, "plain");
    private long _pinnedTree;
    private WireCount _configFullClone;
    private WireCount _legacyFirstApp;

    public List<ByteRow> Rows { get; } = [];

    public List<(string Name, long Bytes, string Note)> References { get; } = [];

    public List<TargetRow> Targets { get; } = [];

    private string ConfigUrl => BytesWorld.Url(world.ConfigProxy, "deploy-config.git");

    private string PlainUrl(string repo) => BytesWorld.Url(world.PlainProxy, repo);

    public void RunAll()
    {
        var device = new AgentDevice(binaries, world.Root, BytesWorld.Device, ConfigUrl);
        Directory.CreateDirectory(_plain);
        var (firstConfig, firstApp) = FirstDeployment(device);
        Legacy();
        Steady(device);
        Change(device);
        Publish(device);
        FleetView(device);
        Targets.Insert(0, FirstDeploymentTarget(firstApp));
        Targets.Insert(1, ConfigTarget(firstConfig));
    }

    private (WireCount Config, WireCount App) FirstDeployment(AgentDevice device)
    {
        var pass = Measure(() => device.Run(["reconcile", "--no-publish"]), world.ConfigProxy, world.AppProxy);
        RequireCheckout(BytesWorld.Device, world.App.Pinned);
        var publish = Measure(() => device.Run(["publish"]), world.ConfigProxy)[0];
        var plainConfig = Measure(() => PlainGit.Run(_plain, "clone", "--quiet", PlainUrl("deploy-config.git"), "config"), world.PlainProxy)[0];
        var plainBranch = Measure(() => PlainGit.Run(_plain, "clone", "--quiet", "--single-branch", "--no-tags", "--branch", "main", PlainUrl("deploy-config.git"), "config-main"), world.PlainProxy)[0];
        var plainApp = Measure(() => PlainGit.Run(_plain, "clone", "--quiet", PlainUrl("app.git"), "app"), world.PlainProxy)[0];
        PlainGit.Run(Path.Combine(_plain, "app"), "checkout", "--quiet", world.App.Pinned);
        var plainPublish = Measure(() =>
        {
            PlainGit.Run(_plain, "clone", "--quiet", "--single-branch", "--branch", MonitoringScenario.Branch, PlainUrl("deploy-config.git"), "monitoring");
            PlainCommitAndPush("first report");
        }, world.PlainProxy)[0];

        Rows.Add(new ByteRow("first deployment", "config repo: clone (reconcile)", pass[0], "`git clone` (every branch and tag)", plainConfig));
        Rows.Add(new ByteRow("first deployment", "config repo: clone (reconcile)", pass[0], "`git clone --single-branch --no-tags -b main` (the full-clone reference)", plainBranch));
        Rows.Add(new ByteRow("first deployment", "app repo: clone at the pinned commit (reconcile)", pass[1], "`git clone`, `git checkout <pin>`", plainApp));
        Rows.Add(new ByteRow("first deployment", "publish: first report (no monitoring clone yet)", publish, "`git clone --single-branch -b main-monitoring`, commit, `git push`", plainPublish));
        Rows.Add(new ByteRow("first deployment", "**whole pass**", pass[0] + pass[1] + publish, "**`git clone` of both repos + monitoring clone and push**", plainConfig + plainApp + plainPublish));

        var pinnedTree = PlainGit.PackSize(world.AppBare, "--max-count=1", world.App.Pinned);
        References.Add(("pinned commit's tree, packed (`git pack-objects` of the commit and its tree)", pinnedTree, "the 1.5× reference"));
        var shallow = Measure(() => PlainGit.Run(_plain, "-c", "init.defaultBranch=main", "init", "--quiet", "shallow"), world.PlainProxy)[0]
            + Measure(() => PlainGit.Run(Path.Combine(_plain, "shallow"), "fetch", "--quiet", "--depth", "1", PlainUrl("app.git"), world.App.Pinned), world.PlainProxy)[0];
        References.Add(("`git fetch --depth 1 <url> <pinned id>`, GitHub-like server (to device)", shallow.ToClient, "fetching by id allowed"));
        PlainGit.Run(_plain, "init", "--quiet", "shallow-legacy");
        (int ExitCode, string Output) refusal = (0, string.Empty);
        var legacy = Measure(() => refusal = PlainGit.Try(Path.Combine(_plain, "shallow-legacy"), "fetch", "--quiet", "--depth", "1", BytesWorld.Url(world.LegacyPlainProxy, "app.git"), world.App.Pinned), world.LegacyPlainProxy)[0];
        References.Add(("`git fetch --depth 1 <url> <pinned id>`, legacy server (to device)", legacy.ToClient,
            refusal.ExitCode == 0 ? "NOT refused: the legacy server did not behave as one" : $"refused: {refusal.Output.Split('\n')[0]}"));
        References.Add(("config repo: full clone of the config branch (to device)", plainBranch.ToClient, "the 5 % reference is its total, both ways"));
        _pinnedTree = pinnedTree;
        _configFullClone = plainBranch;
        return (pass[0], pass[1]);
    }

    /// <summary>The second measured device, on the legacy server: protocol v0 only and no fetching by id.</summary>
    private void Legacy()
    {
        var legacy = new AgentDevice(binaries, world.Root, BytesWorld.LegacyDevice, BytesWorld.Url(world.LegacyConfigProxy, "deploy-config.git"));
        var first = Measure(() => legacy.Run(["reconcile", "--no-publish"]), world.LegacyConfigProxy, world.LegacyAppProxy);
        RequireCheckout(BytesWorld.LegacyDevice, world.App.Pinned);
        var steady = Measure(() => legacy.Run(["reconcile", "--no-publish"]), world.LegacyConfigProxy, world.LegacyAppProxy);
        Rows.Add(new ByteRow("legacy server (v0, no fetch by id)", "first deployment: config repo", first[0], "-", null));
        Rows.Add(new ByteRow("legacy server (v0, no fetch by id)", "first deployment: app repo (the fallback)", first[1], "-", null));
        Rows.Add(new ByteRow("legacy server (v0, no fetch by id)", "steady pass (no publish)", steady[0] + steady[1], "-", null));
        _legacyFirstApp = first[1];
    }

    private void Steady(AgentDevice device)
    {
        var pass = Measure(() => device.Run(["reconcile"]), world.ConfigProxy, world.AppProxy);
        var plainConfig = Measure(() => PlainGit.Run(Path.Combine(_plain, "config"), "fetch", "--quiet"), world.PlainProxy)[0];
        var plainApp = Measure(() => PlainGit.Run(Path.Combine(_plain, "app"), "fetch", "--quiet"), world.PlainProxy)[0];
        Rows.Add(new ByteRow("steady pass", "config repo (reconcile and publish, nothing changed)", pass[0], "`git fetch` of the config clone", plainConfig));
        Rows.Add(new ByteRow("steady pass", "app repo", pass[1], "`git fetch` of the app clone", plainApp));
        Targets.Add(new TargetRow(
            $"steady pass: ≤ 1 KiB per config repo (it has {ConfigRepoScenario.Branches + 2} branches and {ConfigRepoScenario.Tags} tags; the app repo {AppRepoScenario.Branches + 1} and {AppRepoScenario.Tags})",
            $"{ByteFormat.Bytes((pass[0] + pass[1]).Total)} bytes ({ByteFormat.Bytes((pass[0] + pass[1]).ToServer)} up, {ByteFormat.Bytes((pass[0] + pass[1]).ToClient)} down) for 1 config repo",
            "1,024 bytes",
            (pass[0] + pass[1]).Total <= 1024));
    }

    private void Change(AgentDevice device)
    {
        var oldConfig = PlainGit.Run(world.ConfigBare, "rev-parse", "main");
        var commit = world.App.PushChange();
        world.Config.PushChange(BytesWorld.Device, world.InfraMeta(BytesWorld.Device, world.AppProxy, commit));
        var newConfig = PlainGit.Run(world.ConfigBare, "rev-parse", "main");
        var pass = Measure(() => device.Run(["reconcile", "--no-publish"]), world.ConfigProxy, world.AppProxy);
        RequireCheckout(BytesWorld.Device, commit);
        var plainConfig = Measure(() => PlainGit.Run(Path.Combine(_plain, "config"), "fetch", "--quiet"), world.PlainProxy)[0];
        var plainApp = Measure(() => PlainGit.Run(Path.Combine(_plain, "app"), "fetch", "--quiet"), world.PlainProxy)[0];
        Rows.Add(new ByteRow("change pass", "config repo (new pin, one config file changed)", pass[0], "`git fetch` of the config clone", plainConfig));
        Rows.Add(new ByteRow("change pass", "app repo (pin moved to a commit changing one 2 KB file)", pass[1], "`git fetch` of the app clone", plainApp));
        var newApp = PlainGit.PackSize(world.AppBare, commit, "^" + world.App.Pinned);
        var newConfigObjects = PlainGit.PackSize(world.ConfigBare, newConfig, "^" + oldConfig);
        References.Add(("change pass: the new app commit's objects, packed", newApp, "`git pack-objects` of `rev-list --objects <old pin>..<new pin>`"));
        References.Add(("change pass: the new config commit's objects, packed", newConfigObjects, "includes the whole new root tree (1 000 folders)"));
        var allowed = newApp + newConfigObjects + (2 * 4096);
        var measured = pass[0] + pass[1];
        Targets.Add(new TargetRow(
            "change pass: only the objects of the new commits",
            $"{ByteFormat.Size(measured.Total)} (config {ByteFormat.Size(pass[0].Total)}, app {ByteFormat.Size(pass[1].Total)})",
            $"{ByteFormat.Size(allowed)}: the new commits' objects packed ({ByteFormat.Size(newConfigObjects + newApp)}) + 4 KiB of protocol per repo",
            measured.Total <= allowed));
    }

    private void Publish(AgentDevice device)
    {
        world.Fleet.AppendPublishes(OtherPublishes, BytesWorld.Device);
        var publish = Measure(() => device.Run(["publish"]), world.ConfigProxy)[0];
        var plain = Measure(() =>
        {
            PlainGit.Run(Path.Combine(_plain, "monitoring"), "pull", "--quiet", "--rebase");
            PlainCommitAndPush("changed report");
        }, world.PlainProxy)[0];
        Rows.Add(new ByteRow("publish", $"changed report onto the big branch ({OtherPublishes} other devices published since)", publish, "`git pull --rebase`, commit, `git push`", plain));

        // Publish independent of fleet size and history: the same publishes onto the big branch and onto a small one.
        var big = PublishPair("edge-0777", ConfigUrl, world.Fleet);
        var small = PublishPair("edge-0007", BytesWorld.Url(world.ConfigProxy, "small-config.git"), world.SmallFleet);
        Rows.Add(new ByteRow("publish, by branch size", $"first report, fresh home: {world.Fleet.Devices} devices, {world.Fleet.Commits} commits over a year", big.Fresh, "-", null));
        Rows.Add(new ByteRow("publish, by branch size", $"first report, fresh home: {world.SmallFleet.Devices} devices, {world.SmallFleet.Commits} commits over a week", small.Fresh, "-", null));
        Rows.Add(new ByteRow("publish, by branch size", $"changed report, {OtherPublishes} others since: {world.Fleet.Devices} devices", big.Changed, "-", null));
        Rows.Add(new ByteRow("publish, by branch size", $"changed report, {OtherPublishes} others since: {world.SmallFleet.Devices} devices", small.Changed, "-", null));
        var tipTrees = PlainGit.PackSize(world.ConfigBare, "--filter=blob:none", "--max-count=1", MonitoringScenario.Branch);
        References.Add(("publish: the big monitoring branch's tip commit and trees, packed", tipTrees, "what a commit on it needs besides the device's own report"));
        foreach (var (what, bigBytes, smallBytes) in new[] { ("first report, fresh home", big.Fresh, small.Fresh), ("changed report", big.Changed, small.Changed) })
        {
            var allowed = (long)(1.1 * smallBytes.Total) + tipTrees;
            Targets.Add(new TargetRow(
                $"publish independent of fleet size and history ({what})",
                $"{ByteFormat.Size(bigBytes.Total)} on {world.Fleet.Devices} devices / a year; {ByteFormat.Size(smallBytes.Total)} on {world.SmallFleet.Devices} / a week",
                $"{ByteFormat.Size(allowed)}: 1.1 × the small branch's + the big tip's trees ({ByteFormat.Size(tipTrees)})",
                bigBytes.Total <= allowed));
        }
    }

    private (WireCount Fresh, WireCount Changed) PublishPair(string name, string url, MonitoringScenario fleet)
    {
        var publisher = new AgentDevice(binaries, world.Root, name, url);
        var source = new ConfigRepoSource(url, "main");
        SavePass(publisher, source, new string('1', 40));
        var fresh = Measure(() => publisher.Run(["publish"]), world.ConfigProxy)[0];
        fleet.AppendPublishes(OtherPublishes, name);
        SavePass(publisher, source, new string('2', 40));
        var changed = Measure(() => publisher.Run(["publish"]), world.ConfigProxy)[0];
        return (fresh, changed);
    }

    private void FleetView(AgentDevice device)
    {
        // The fleet view reads a clone of its own: a first view makes it, so the next one is the incremental case.
        device.Run(["status", "--fleet"], 0, 2);
        world.Fleet.AppendPublishes(OtherPublishes, BytesWorld.Device);
        var incremental = Measure(() => device.Run(["status", "--fleet"], 0, 2), world.ConfigProxy)[0];
        var plainIncremental = Measure(() => PlainGit.Run(Path.Combine(_plain, "monitoring"), "fetch", "--quiet"), world.PlainProxy)[0];
        var viewer = new AgentDevice(binaries, world.Root, BytesWorld.Device, ConfigUrl);
        var fresh = Measure(() => viewer.Run(["status", "--fleet"], 0, 2), world.ConfigProxy)[0];
        var plainFresh = Measure(() => PlainGit.Run(_plain, "clone", "--quiet", "--single-branch", "--branch", MonitoringScenario.Branch, PlainUrl("deploy-config.git"), "monitoring-fresh"), world.PlainProxy)[0];
        Rows.Add(new ByteRow("`status --fleet`", $"after {OtherPublishes} other devices published", incremental, "`git fetch` of the monitoring clone", plainIncremental));
        Rows.Add(new ByteRow("`status --fleet`", "on a fresh home (first fleet view)", fresh, "`git clone --single-branch -b main-monitoring`", plainFresh));
        References.Add(("`status --fleet`: every report at the monitoring tip, with the tip's commit and trees, packed", PlainGit.PackSize(world.ConfigBare, "--max-count=1", MonitoringScenario.Branch), "what a fleet view cannot do without (no target in the issue)"));
    }

    private TargetRow FirstDeploymentTarget(WireCount app)
    {
        var pinnedTree = _pinnedTree;
        var allowed = (long)(1.5 * pinnedTree);
        return new TargetRow(
            "first deployment of an app ≤ 1.5 × the pinned commit's tree, packed",
            $"{ByteFormat.Size(app.Total)} ({ByteFormat.Ratio((double)app.Total / pinnedTree)} ×); legacy server (fallback): {ByteFormat.Size(_legacyFirstApp.Total)} ({ByteFormat.Ratio((double)_legacyFirstApp.Total / pinnedTree)} ×)",
            $"{ByteFormat.Size(allowed)} (1.5 × {ByteFormat.Size(pinnedTree)})",
            app.Total <= allowed && _legacyFirstApp.Total <= allowed);
    }

    private TargetRow ConfigTarget(WireCount config)
    {
        var full = _configFullClone.Total;
        var allowed = full / 20;
        return new TargetRow(
            $"config repo (first deployment) ≤ 5 % of a full clone with {ConfigRepoScenario.Devices} device folders",
            $"{ByteFormat.Size(config.Total)} ({ByteFormat.Ratio(100.0 * config.Total / full)} %)",
            $"{ByteFormat.Size(allowed)} (5 % of {ByteFormat.Size(full)}, `git clone --single-branch -b main`)",
            config.Total <= allowed);
    }

    private void PlainCommitAndPush(string message)
    {
        var clone = Path.Combine(_plain, "monitoring");
        File.WriteAllText(Path.Combine(clone, BytesWorld.Device + "-plain.toml"), $"# {message}\n{new RandomText(message.Length).Block(2048)}");
        PlainGit.Run(clone, "add", "--all");
        PlainGit.Run(clone, "commit", "--quiet", "-m", message);
        PlainGit.Run(clone, "push", "--quiet", "origin", "HEAD:refs/heads/" + MonitoringScenario.Branch);
    }

    private void RequireCheckout(string device, string commit)
    {
        var head = PlainGit.Run(Path.Combine(world.Root, "srv-" + device, "web"), "rev-parse", "HEAD");
        if (head != commit)
        {
            throw new InvalidOperationException($"{device} runs {head}, not the pinned {commit}: the pass did not deploy");
        }
    }

    private static void SavePass(AgentDevice device, ConfigRepoSource source, string commit)
    {
        var now = DateTimeOffset.UtcNow;
        LastPassStore.Save(new AgentPaths(device.Home), new PassReport
        {
            InfraName = device.Name,
            StartedAt = now,
            FinishedAt = now,
            Apps = [new AppOutcome { Name = "web", ConfigSource = source.ToString(), DesiredCommit = commit, ActualCommit = commit }],
        });
    }

    /// <summary>What <paramref name="action"/> moved through each proxy (after a moment for the relays to count the last bytes).</summary>
    private static WireCount[] Measure(Action action, params ByteCountingProxy[] proxies)
    {
        var before = proxies.Select(p => p.Snapshot()).ToArray();
        action();
        Thread.Sleep(200);
        return [.. proxies.Select((p, i) => p.Snapshot() - before[i])];
    }
}
