using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// Imports a config bundle on an air-gapped device: checks the file whole, checks it is for this device and one of its
/// config repos, checks the signatures the agent config asks for, then runs a normal pass over that repo's apps in
/// which the config and app URLs resolve to mirrors unpacked from the bundle (git's url.insteadOf, for this pass only).
/// Nothing on the device changes before every check passed. The report is published to the real remote as usual, so
/// without a link it stays queued in the monitoring clone for export-reports.
/// </summary>
public sealed class BundleImporter
{
    private const string ImportBranchPrefix = "refs/heads/gitops-import/";

    private readonly AgentPaths _paths;
    private readonly IAgentHost _host;

    public BundleImporter(AgentPaths paths, IAgentHost host)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(host);
        _paths = paths;
        _host = RedactingHost.Wrap(host);
    }

    /// <param name="config">The device's agent config.</param>
    /// <param name="bundlePath">The file made by `gitops-agent bundle`.</param>
    /// <param name="configRepo">Which of the device's config repos the bundle stands for, when its URL and name both differ from the bundle's.</param>
    /// <param name="dryRun">Check everything and show the plan; change nothing.</param>
    /// <param name="publish">Publish (or queue) the health report after the pass.</param>
    /// <param name="cancellationToken">Stops the pass between steps (Ctrl-C, SIGTERM).</param>
    public BundleImportResult Import(AgentConfig config, string bundlePath, ConfigRepoSource? configRepo = null, bool dryRun = false, bool publish = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(bundlePath);
        var path = Path.GetFullPath(bundlePath);
        var header = BundleHeader.Read(path);
        if (!header.Refs.ContainsKey(ManifestCommit.Ref))
        {
            throw new AirGapException($"{path} is a git bundle, but not one made by 'gitops-agent bundle' (it has no {ManifestCommit.Ref}). Make it on the connected machine with gitops-agent bundle --config-repo URL@BRANCH --device {config.InfraName} --out FILE.");
        }

        // Unpacking a large bundle on a slow device is local work that may take longer than a quick git call.
        var git = new GitClient(new GitOptions { LocalTimeout = TimeSpan.FromMinutes(15) }, _host) { Cancellation = cancellationToken };
        using var staging = ScratchRepository.Create(git, _paths.Imports, "import-", DeviceObjectStores(config));
        BundleUnpacker.Unpack(git, staging.Path, path, header, "Make a full bundle on the connected machine (gitops-agent bundle ... --full).");
        var (root, kind) = ManifestCommit.Read(git, staging.Path, path);
        if (kind == ReportsBundleManifest.Kind)
        {
            throw new AirGapException($"{path} holds a device's queued reports, not a config bundle. Import it on the connected machine with: gitops-agent import-reports {Path.GetFileName(path)} --config-repo URL@BRANCH.");
        }

        if (kind != ConfigBundleManifest.Kind)
        {
            throw new AirGapException($"{path}: a bundle of kind '{kind}' cannot be imported by this version of gitops-agent. Make it again with 'gitops-agent bundle' of the same version.");
        }

        var manifest = ConfigBundleManifest.Parse(root, path);
        if (manifest.Device != config.InfraName)
        {
            throw new AirGapException($"{path} was made for device '{manifest.Device}', and this device is '{config.InfraName}' (infra_name in {config.SourcePath ?? "the agent config"}). Nothing was imported. Make one for this device: gitops-agent bundle --config-repo {manifest.ConfigUrl}@{manifest.Branch} --device {config.InfraName} --out FILE.", BundleRefusal.OtherDevice);
        }

        var source = MatchSource(config, manifest, configRepo, path);
        var managed = config.Applications.Where(app => app.Source == source).Select(app => app.Name).ToList();
        CheckCommitsPresent(git, staging.Path, manifest, managed, path);
        CheckSignatures(config, git, staging.Path, manifest, managed, path);

        var redirects = Mirrors(git, staging, source, manifest);
        var syncGit = new GitClient(new GitOptions { ExtraConfig = redirects }, _host);
        _host.WriteVerbose($"{path}: reconciling {string.Join(", ", managed)} from the bundle ({manifest.ConfigUrl}@{manifest.Branch} at {CommitId.Abbreviate(manifest.ConfigCommit)}, made {manifest.Created:yyyy-MM-dd HH:mm}Z)");
        var runner = new ReconcileRunner(_paths, _host) { SyncGit = syncGit };
        var pass = runner.Run(config, new ReconcileOptions { Apps = managed, DryRun = dryRun }, publish && !dryRun, cancellationToken);
        return new BundleImportResult
        {
            Path = path,
            Device = config.InfraName,
            ConfigRepo = source.ToString(),
            BundledFrom = $"{manifest.ConfigUrl}@{manifest.Branch}",
            ConfigCommit = manifest.ConfigCommit,
            Full = manifest.Full,
            Created = manifest.Created,
            Apps = manifest.Apps,
            Pass = pass.Report,
            Published = pass.Published,
            Status = pass.Report.OverallStatus,
        };
    }

    /// <summary>
    /// The object stores of the clones this device has: an incremental bundle needs the commits it was made against,
    /// and they are in the config clones and app checkouts, not in any store of the import's own.
    /// </summary>
    private List<string> DeviceObjectStores(AgentConfig config)
    {
        var stores = new List<string>();
        foreach (var source in config.ConfigRepos)
        {
            var clone = _paths.ConfigClone(source);
            if (GitRepositoryLayout.Open(clone) is not { } layout)
            {
                continue;
            }

            stores.Add(Path.Combine(layout.GitDirectory, "objects"));
            foreach (var app in InfraMetaLoader.Load(clone, config.InfraName).Apps.Select(result => result.App).OfType<DesiredApp>())
            {
                if (GitRepositoryLayout.Open(app.CodeLocalPath) is { } checkout)
                {
                    stores.Add(Path.Combine(checkout.GitDirectory, "objects"));
                }
            }
        }

        return stores;
    }

    /// <summary>
    /// Which of the device's config repos the bundle stands for: the connected machine may reach the same repo by
    /// another URL, so the same normalized URL wins, then the same repo name and branch.
    /// </summary>
    private static ConfigRepoSource MatchSource(AgentConfig config, ConfigBundleManifest manifest, ConfigRepoSource? given, string path)
    {
        var repos = config.ConfigRepos;
        var listed = string.Join(", ", repos.Select(repo => repo.ToString()));
        if (given is not null)
        {
            var chosen = repos.FirstOrDefault(repo => repo.NormalizedUrl == given.NormalizedUrl && repo.Branch == given.Branch)
                ?? throw new AirGapException($"--config-repo {given} is none of this device's config repos ({listed}; see [applications] in {config.SourcePath ?? "the agent config"}). Give one of them.", BundleRefusal.OtherRepo);
            return chosen.Branch == manifest.Branch
                ? chosen
                : throw new AirGapException($"{path} holds branch '{manifest.Branch}', and --config-repo {chosen} follows '{chosen.Branch}'. Make a bundle of branch '{chosen.Branch}'.", BundleRefusal.OtherRepo);
        }

        var bundled = new ConfigRepoSource(manifest.ConfigUrl, manifest.Branch);
        var sameBranch = repos.Where(repo => repo.Branch == manifest.Branch).ToList();
        var byUrl = sameBranch.FirstOrDefault(repo => repo.NormalizedUrl == bundled.NormalizedUrl);
        if (byUrl is not null)
        {
            return byUrl;
        }

        var byName = sameBranch.Where(repo => repo.Slug == bundled.Slug).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }

        throw new AirGapException($"{path} holds {bundled}, which is none of this device's config repos ({listed}). Nothing was imported. If the connected machine reaches the same repo by another URL, say which one it is: gitops-agent import {Path.GetFileName(path)} --config-repo URL@BRANCH.", BundleRefusal.OtherRepo);
    }

    /// <summary>Every commit the pass will need is in the bundle or already on the device, so nothing is fetched from a remote.</summary>
    private static void CheckCommitsPresent(GitClient git, string staging, ConfigBundleManifest manifest, IReadOnlyList<string> managed, string path)
    {
        var needed = new List<(string What, string Commit)> { ("the config commit", manifest.ConfigCommit) };
        needed.AddRange(manifest.Apps.Where(app => managed.Contains(app.Name)).Select(app => ($"app '{app.Name}'", app.Commit)));
        var absent = needed.Where(item => !git.TryRun(staging, GitCallKind.Local, "cat-file", "-e", item.Commit + "^{commit}").Succeeded).ToList();
        if (absent.Count > 0)
        {
            throw new AirGapException($"{path} does not hold {string.Join(", ", absent.Select(item => $"{item.What} ({CommitId.Abbreviate(item.Commit)})"))}, and this device does not have it either. Nothing was imported. Make a full bundle on the connected machine (gitops-agent bundle ... --full).", BundleRefusal.MissingCommits);
        }
    }

    /// <summary>verify_commits (and verify_app_commits) are checked before anything changes, on the bundle's own commits.</summary>
    private void CheckSignatures(AgentConfig config, GitClient git, string staging, ConfigBundleManifest manifest, IReadOnlyList<string> managed, string path)
    {
        if (CommitVerifier.For(config, git, _paths) is not { } verifier)
        {
            return;
        }

        if (verifier.Problem(staging, manifest.ConfigCommit) is { } refusal)
        {
            throw new AirGapException($"{path}: the config commit {CommitId.Abbreviate(manifest.ConfigCommit)} of {manifest.ConfigUrl}@{manifest.Branch} is not trusted (verify_commits = \"{config.VerifyCommits}\"): {refusal.Message} Nothing was imported.", BundleRefusal.Untrusted);
        }

        if (!config.VerifyAppCommits)
        {
            return;
        }

        foreach (var app in manifest.Apps.Where(app => managed.Contains(app.Name)))
        {
            if (verifier.Problem(staging, app.Commit) is { } appRefusal)
            {
                throw new AirGapException($"{path}: app '{app.Name}''s commit {CommitId.Abbreviate(app.Commit)} is not trusted (verify_app_commits = true): {appRefusal.Message} Nothing was imported.", BundleRefusal.Untrusted);
            }
        }
    }

    /// <summary>
    /// One mirror per URL the pass will ask for, holding only the refs it needs, and the url.insteadOf settings that
    /// send those URLs there. file:// makes git copy objects through a pack, never hard-link them or copy the mirror's
    /// alternates, so the clones keep nothing of the import folder, which is removed afterwards.
    /// </summary>
    private static List<KeyValuePair<string, string>> Mirrors(GitClient git, ScratchRepository staging, ConfigRepoSource source, ConfigBundleManifest manifest)
    {
        var refsByUrl = new Dictionary<string, List<(string Ref, string Commit)>>(StringComparer.Ordinal)
        {
            [source.Url] = [("refs/heads/" + source.Branch, manifest.ConfigCommit)],
        };
        foreach (var app in manifest.Apps)
        {
            if (!refsByUrl.TryGetValue(app.CodeUrl, out var refs))
            {
                refsByUrl[app.CodeUrl] = refs = [];
            }

            refs.Add((ImportBranchPrefix + app.Name, app.Commit));
        }

        var redirects = new List<KeyValuePair<string, string>>();
        var index = 0;
        foreach (var (url, refs) in refsByUrl)
        {
            var present = refs.Where(entry => git.TryRun(staging.Path, GitCallKind.Local, "cat-file", "-e", entry.Commit + "^{commit}").Succeeded).ToList();
            var mirror = staging.Mirror(git, $"mirror-{index++}.git", present);
            redirects.Add(new KeyValuePair<string, string>($"url.file://{mirror}.insteadOf", url));
        }

        return redirects;
    }
}
