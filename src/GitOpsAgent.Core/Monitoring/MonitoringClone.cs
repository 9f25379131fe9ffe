using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// The agent's clone of one config repo's monitoring branch: a repo that only ever holds that branch, separate
/// from the config clone, so writing reports can never disturb what the device deploys.
/// </summary>
internal sealed class MonitoringClone
{
    private readonly GitClient _git;
    private readonly IAgentHost _host;

    public MonitoringClone(string path, ConfigRepoSource source, GitClient git, IAgentHost host)
    {
        Path = path;
        Source = source;
        _git = git;
        _host = host;
    }

    private const string TrimCheckFile = "gitops-agent-trim-checked";

    private (string Commit, Dictionary<string, string> Entries)? _tree;

    // Present when the server cannot send a missing blob by id: fetches then bring the tip's blobs with it.
    private const string WholeBlobsFile = "gitops-agent-whole-blobs";

    public string Path { get; }

    public ConfigRepoSource Source { get; }

    public string Branch => Source.MonitoringBranch;

    public string LocalRef => "refs/heads/" + Branch;

    public string TrackingRef => "refs/remotes/origin/" + Branch;

    /// <summary>
    /// Where the fleet view fetches to: apart from <see cref="TrackingRef"/>, so reading the fleet never makes the
    /// publisher believe it has something unpublished.
    /// </summary>
    public string FleetRef => "refs/gitops-agent/fleet/" + Branch;

    /// <summary>
    /// Creates the clone when missing; refuses one whose origin is another repo, or a folder holding other data.
    /// Only the publisher, which runs under the pass lock, may clear an interrupted run's leftovers.
    /// </summary>
    /// <returns>True when the clone was created now.</returns>
    public bool EnsureReady(bool repairLeftovers)
    {
        var gitDirectory = System.IO.Path.Combine(Path, ".git");
        if (!Directory.Exists(gitDirectory))
        {
            if (Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any())
            {
                throw new MonitoringException(
                    $"{Path} holds files but is not a git clone, so it was left untouched. Move it away and the next pass creates the monitoring clone there.");
            }

            _host.WriteVerbose($"Creating the monitoring clone {Path} for {Branch} of {Source.Url}");
            _git.Run(null, GitCallKind.Local, "init", "-q", "-b", Branch, Path);
            _git.Run(Path, GitCallKind.Local, "remote", "add", "-t", Branch, "origin", Source.Url);
            return true;
        }

        var actual = GitRepositoryLayout.Open(Path)?.ReadOriginUrl() ?? _git.TryRun(Path, GitCallKind.Local, "config", "--get", "remote.origin.url").StandardOutput.Trim();
        if (actual.Length == 0)
        {
            _git.Run(Path, GitCallKind.Local, "remote", "add", "-t", Branch, "origin", Source.Url);
        }
        else if (!string.Equals(ConfigRepoSource.Normalize(actual), Source.NormalizedUrl, StringComparison.Ordinal))
        {
            throw new MonitoringException(
                $"the monitoring clone {Path} has origin '{actual}', not '{Source.Url}', so it was left untouched. " +
                $"Fix its origin (git -C '{Path}' remote set-url origin '{Source.Url}') or move it away.");
        }

        if (repairLeftovers)
        {
            RepairLeftovers(gitDirectory);
        }

        return false;
    }

    /// <summary>The local branch and the last fetched remote tip, without touching the network.</summary>
    public (string? Local, string? Tracking) Heads()
    {
        // Two refs the agent writes by fetching and committing, read from their files (loose or packed) without a git
        // process; the clone exists (EnsureReady ran), so a missing one is a ref not written yet.
        var layout = GitRepositoryLayout.Open(Path);
        return (layout?.ReadRef(LocalRef), layout?.ReadRef(TrackingRef));
    }

    /// <summary>
    /// Fetches the branch's tip for publishing: one commit deep and without blobs, so the cost of a publish depends on
    /// neither the fleet's size nor the branch's history (the blob of this device's report comes when it is checked out,
    /// the README's only when its rows change). With <paramref name="withHistory"/> the commits and trees of the whole history come too,
    /// for the retention trim.
    /// </summary>
    public FetchOutcome Fetch(bool withHistory = false)
    {
        var filter = File.Exists(System.IO.Path.Combine(Path, ".git", WholeBlobsFile)) ? [] : new[] { "--filter=blob:none" };
        string[] options = withHistory
            ? [.. (IsShallow ? new[] { "--unshallow" } : []), .. filter]
            : ["--depth=1", .. filter];
        return FetchInto(TrackingRef, options);
    }

    /// <summary>Fetches the branch's tip with every report in it (status --fleet).</summary>
    public FetchOutcome FetchTip(string intoRef) => FetchInto(intoRef, ["--depth=1"]);

    /// <summary>Fetches the branch's whole history (history).</summary>
    public FetchOutcome FetchHistory(string intoRef) => FetchInto(intoRef, IsShallow ? ["--unshallow"] : []);

    /// <summary>True when the retention trim has not looked at the history for <paramref name="every"/>.</summary>
    public bool TrimCheckDue(DateTimeOffset now, TimeSpan every)
    {
        var file = System.IO.Path.Combine(Path, ".git", TrimCheckFile);
        return !File.Exists(file)
            || !DateTimeOffset.TryParse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var checkedAt)
            || now - checkedAt >= every
            || checkedAt > now;
    }

    public void MarkTrimChecked(DateTimeOffset now) =>
        AtomicFile.WriteAllText(System.IO.Path.Combine(Path, ".git", TrimCheckFile), now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\n");

    public bool IsShallow => File.Exists(System.IO.Path.Combine(Path, ".git", "shallow"));

    /// <summary>
    /// Checks out only the given files (the device's report): the index still holds every device's entry, so a commit
    /// keeps their files, but their blobs are never needed here.
    /// </summary>
    public void CheckOutOnly(params string[] files)
    {
        var gitDirectory = System.IO.Path.Combine(Path, ".git");
        var patterns = files.Select(SparsePatterns.Anchored).ToList();
        if (SparsePatterns.Read(gitDirectory).SequenceEqual(patterns, StringComparer.Ordinal))
        {
            return;
        }

        // The settings first and the pattern file last: a pass killed in between finds no file and does it again.
        _git.Run(Path, GitCallKind.Local, "config", "core.sparseCheckout", "true");
        _git.Run(Path, GitCallKind.Local, "config", "core.sparseCheckoutCone", "false");
        var sparseFile = System.IO.Path.Combine(gitDirectory, "info", "sparse-checkout");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(sparseFile)!);
        AtomicFile.WriteAllText(sparseFile, string.Join('\n', patterns) + "\n");
    }

    /// <summary>
    /// The text of the given files at <paramref name="commit"/>, their blobs fetched in one request first: for reports
    /// that are not checked out here, which a publish needs only when the README it rewrites lacks their devices' rows.
    /// </summary>
    public IReadOnlyList<(string FileName, string Text)> ReadAt(string commit, IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            return [];
        }

        var tree = TreeAt(commit);
        var blobs = files.Where(tree.ContainsKey).Select(file => tree[file]).ToList();
        foreach (var chunk in blobs.Chunk(200))
        {
            var fetched = _git.TryRun(Path, GitCallKind.Network, ["fetch", "-q", "--no-tags", "--no-write-fetch-head", "--refmap=", "origin", .. chunk]);
            if (!fetched.Succeeded && ObjectsById.Refused(fetched.StandardError))
            {
                FetchWholeBlobs();
                break;
            }
        }

        return [.. files.Select(file => (file, _git.Run(Path, GitCallKind.Local, "show", $"{commit}:{file}")))];
    }

    /// <summary>The blob id of each file at the top of <paramref name="commit"/>'s tree, by name; read once per commit.</summary>
    private Dictionary<string, string> TreeAt(string commit)
    {
        if (_tree is { } cached && cached.Commit == commit)
        {
            return cached.Entries;
        }

        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in _git.Run(Path, GitCallKind.Local, "ls-tree", "-z", commit).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <id>\t<name>"
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                continue;
            }

            var fields = line[..tab].Trim().Split(' ');
            entries[line[(tab + 1)..]] = fields[^1];
        }

        _tree = (commit, entries);
        return entries;
    }

    /// <summary>Fetches only the monitoring branch; a missing branch and an unreachable remote are answers, not errors.</summary>
    private FetchOutcome FetchInto(string target, IEnumerable<string> options)
    {
        // An empty --refmap stops git from also moving the configured tracking ref when fetching elsewhere.
        var result = _git.TryRun(Path, GitCallKind.Network, ["fetch", "-q", "--no-tags", "--no-write-fetch-head", .. options, "--refmap=", "origin", $"+{LocalRef}:{target}"]);
        if (!result.Succeeded)
        {
            var said = result.StandardError.Trim();
            if (!result.TimedOut && said.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase))
            {
                // The branch may have been deleted on the remote: forget the stale copy so it is recreated, not resurrected.
                _git.TryRun(Path, GitCallKind.Local, "update-ref", "-d", target);
                return FetchOutcome.Missing;
            }

            return FetchOutcome.Unreachable(result.TimedOut ? "the fetch timed out" : said.Length == 0 ? $"git fetch exited with {result.ExitCode}" : said);
        }

        // The ref fetch just wrote, read from its file; git is asked only when it is packed or not a plain commit id.
        var tip = GitRepositoryLayout.Open(Path)?.ReadRef(target);
        return FetchOutcome.At(tip is not null && Reconcile.CommitId.IsFull(tip) ? tip : _git.Run(Path, GitCallKind.Local, "rev-parse", "--verify", target + "^{commit}").Trim());
    }

    /// <summary>Points the branch and the working tree at <paramref name="commit"/>, or at an empty orphan when null.</summary>
    public void ResetTo(string? commit)
    {
        EnsureHeadOnBranch();
        if (commit is null)
        {
            _git.TryRun(Path, GitCallKind.Local, "update-ref", "-d", LocalRef);
            _git.Run(Path, GitCallKind.Local, "read-tree", "--empty");
        }
        else
        {
            FetchCheckedOutBlobs(commit);
            var reset = _git.TryRun(Path, GitCallKind.Local, "reset", "-q", "--hard", commit);
            if (!reset.Succeeded && ObjectsById.Refused(reset.StandardError))
            {
                FetchWholeBlobs();
                reset = _git.TryRun(Path, GitCallKind.Local, "reset", "-q", "--hard", commit);
            }

            if (!reset.Succeeded)
            {
                throw new GitException($"git reset --hard {commit}", Path, reset.ExitCode, reset.StandardError, reset.TimedOut);
            }
        }

        _git.Run(Path, GitCallKind.Local, "clean", "-q", "-f", "-d", "-x");
    }

    /// <summary>
    /// Asks for the blobs of the checked-out files (the device's report) in a fetch of its own, which tells the server what
    /// this clone has, so a blob may come as a delta against the copy here rather than whole as git's on-demand fetch of
    /// a missing blob brings it (that fetch names no commit it has). Nothing happens outside a sparse clone.
    /// </summary>
    private void FetchCheckedOutBlobs(string commit)
    {
        var patterns = SparsePatterns.Read(System.IO.Path.Combine(Path, ".git"));
        if (patterns.Count == 0 || !File.Exists(System.IO.Path.Combine(Path, ".git", "shallow")))
        {
            return;
        }

        // A file whose copy here already has the blob id the tip names needs nothing; any other is asked for (a blob that
        // happens to be here already costs one small round trip, never a wrong file).
        var tree = TreeAt(commit);
        var blobs = patterns.Select(pattern => pattern.TrimStart('/').Replace("\\", string.Empty, StringComparison.Ordinal))
            .Where(tree.ContainsKey)
            .Where(file => !string.Equals(BlobIdOf(System.IO.Path.Combine(Path, file)), tree[file], StringComparison.Ordinal))
            .Select(file => tree[file])
            .ToArray();
        if (blobs.Length > 0)
        {
            // The commit checked out here is named as what this clone has (its files' blobs are here): the tip just fetched
            // would tell the server the wanted blob is here too, and it would send nothing. A failure here is not one: the
            // checkout fetches on demand what is still missing.
            // Without a commit here (a new clone) there is nothing to make a delta against: the checkout fetches them whole.
            if (_git.HeadCommit(Path) is not null)
            {
                _ = _git.TryRun(Path, GitCallKind.Network, ["fetch", "-q", "--no-tags", "--no-write-fetch-head", "--negotiation-tip=HEAD", "--refmap=", "origin", .. blobs]);
            }
        }
    }

    /// <summary>git's id of the file's content as a blob (SHA-1 of "blob &lt;length&gt;\0" and the bytes); null when there is no file.</summary>
    private static string? BlobIdOf(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var content = File.ReadAllBytes(file);
        var header = System.Text.Encoding.ASCII.GetBytes($"blob {content.Length}\0");
#pragma warning disable CA5350 // git names objects by SHA-1; this compares with git's ids, it protects nothing.
        return Convert.ToHexString(System.Security.Cryptography.SHA1.HashData([.. header, .. content])).ToLowerInvariant();
#pragma warning restore CA5350
    }

    /// <summary>
    /// The server would not send this clone's missing blobs by id: from now on fetches bring the tip's blobs along, and the
    /// tip is fetched again whole (one commit deep) to get the ones missing now.
    /// </summary>
    private void FetchWholeBlobs()
    {
        _host.WriteWarning($"{Label}: {ObjectsById.FallbackNote}; the monitoring clone now fetches the branch's tip with its blobs.");
        AtomicFile.WriteAllText(System.IO.Path.Combine(Path, ".git", WholeBlobsFile), "set by gitops-agent: the server refused sending objects by id\n");
        _git.TryRun(Path, GitCallKind.Local, "config", "--unset", "remote.origin.partialclonefilter");
        _git.Run(Path, GitCallKind.Network, "fetch", "-q", "--no-tags", "--no-write-fetch-head", "--refetch", "--depth=1", "--refmap=", "origin", $"+{LocalRef}:{TrackingRef}");
    }

    private string Label => $"{Branch} of {SecretRedactor.Redact(Source.Url)}";

    /// <summary>
    /// Drops what a killed publish left uncommitted in the working tree (a report written but not committed, a temporary
    /// file), so the report is compared with, and committed on top of, what the branch really has.
    /// </summary>
    public void DiscardUncommitted()
    {
        if (_git.HeadCommit(Path) is not null)
        {
            _git.Run(Path, GitCallKind.Local, "reset", "-q", "--hard");
        }
        else
        {
            // No commit yet (the first publish was killed): whatever it staged is dropped from the index.
            _git.Run(Path, GitCallKind.Local, "read-tree", "--empty");
        }

        _git.Run(Path, GitCallKind.Local, "clean", "-fdq");
    }

    public string? ReadFile(string name)
    {
        var file = System.IO.Path.Combine(Path, name);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    public void WriteFile(string name, string content) => AtomicFile.WriteAllText(System.IO.Path.Combine(Path, name), content);

    /// <summary>
    /// Writes <paramref name="device"/>'s report on top of <paramref name="onto"/> (checked out), and its rows of the README
    /// when they change (an app's status, an app added or gone): a report that changed in nothing the README shows (a
    /// deployment that went well, a heartbeat) leaves it alone, and the README is then not even downloaded. The other rows come from the README itself, not
    /// from the other devices' reports (never downloaded by a publish), except for devices it does not show yet; rows of
    /// devices whose report left the branch are dropped. Returns the files to commit.
    /// </summary>
    public string[] WriteReportAndDashboard(string device, string reportText, string? onto)
    {
        var fileName = device + ".toml";
        var source = Source.ToString();
        var before = ReadFile(fileName);
        WriteFile(fileName, reportText);
        var tree = onto is null ? [] : TreeAt(onto);
        if (tree.ContainsKey(FleetDashboard.FileName)
            && before is not null
            && FleetDashboard.SameRows(FleetRows.From(source, [(fileName, before)], DateTimeOffset.MinValue, 0), FleetRows.From(source, [(fileName, reportText)], DateTimeOffset.MinValue, 0)))
        {
            return [fileName];
        }

        var devices = tree.Keys
            .Where(file => file.EndsWith(".toml", StringComparison.Ordinal))
            .Select(file => file[..^".toml".Length])
            .ToHashSet(StringComparer.Ordinal);
        // Outside the sparse checkout: read from git (fetched on demand), written back beside the report.
        var page = onto is not null && tree.ContainsKey(FleetDashboard.FileName) ? _git.Run(Path, GitCallKind.Local, "show", $"{onto}:{FleetDashboard.FileName}") : null;
        var shown = FleetDashboard.DevicesOn(source, page);
        var unseen = onto is null ? [] : devices.Where(other => other != device && !shown.Contains(other)).Select(other => other + ".toml").Order(StringComparer.Ordinal).ToList();
        IEnumerable<(string FileName, string Text)> reports = [.. ReadAt(onto ?? string.Empty, unseen), (fileName, reportText)];
        devices.Add(device);
        WriteFile(FleetDashboard.FileName, FleetDashboard.Update(Branch, source, page, devices, reports));
        return [fileName, FleetDashboard.FileName];
    }

    /// <summary>Commits the given files as the device; false when they already match the branch (nothing to commit).</summary>
    public bool Commit(string device, string message, params string[] files) => Commit(device, message, signingKey: null, files);

    /// <summary>Commits the given files as the device, signed with <paramref name="signingKey"/> (an SSH private key) when given.</summary>
    public bool Commit(string device, string message, string? signingKey, params string[] files) => Commit(device, message, signingKey, authoredAt: null, files);

    /// <summary>
    /// Commits as the device with the author date <paramref name="authoredAt"/> when given: a report replayed from a
    /// device's queue keeps the time it was written there.
    /// </summary>
    public bool Commit(string device, string message, string? signingKey, DateTimeOffset? authoredAt, params string[] files)
    {
        var identity = DeviceIdentity.Environment(device, signingKey);
        if (authoredAt is { } authored)
        {
            identity["GIT_AUTHOR_DATE"] = authored.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        }

        // --sparse: the README is outside the sparse checkout, and is named here only when it was written.
        var arguments = new List<string> { "add", "--sparse", "-A", "--" };
        arguments.AddRange(files);
        _git.Run(Path, GitCallKind.Local, [.. arguments]);
        var result = _git.TryRunWithEnvironment(Path, GitCallKind.Local, identity, "commit", "-q", "--no-verify", "-m", message);
        if (result.Succeeded)
        {
            return true;
        }

        if ((result.StandardOutput + result.StandardError).Contains("nothing to commit", StringComparison.Ordinal)
            || (result.StandardOutput + result.StandardError).Contains("nothing added to commit", StringComparison.Ordinal))
        {
            return false;
        }

        throw new GitException("git commit", Path, result.ExitCode, result.StandardError + result.StandardOutput, result.TimedOut);
    }

    /// <summary>
    /// Pushes the local branch. <paramref name="expectedRemoteTip"/> guards a rewrite (and the creation of the
    /// branch, when empty): the push fails instead of discarding anything another device pushed meanwhile.
    /// </summary>
    public PushAttempt Push(bool guarded, string? expectedRemoteTip)
    {
        var arguments = new List<string> { "push", "--porcelain", "--no-verify" };
        if (guarded)
        {
            arguments.Add($"--force-with-lease={LocalRef}:{expectedRemoteTip ?? string.Empty}");
        }

        arguments.Add("origin");
        arguments.Add($"{LocalRef}:{LocalRef}");
        var result = _git.TryRun(Path, GitCallKind.Network, [.. arguments]);
        if (result.Succeeded)
        {
            // git updates the tracking ref itself only when the push refspec matches the fetch refspec; make sure.
            _git.Run(Path, GitCallKind.Local, "update-ref", TrackingRef, LocalRef);
        }

        return result.TimedOut
            ? new PushAttempt(PushOutcome.Unreachable, "the push timed out")
            : PushAttempt.From(result.Succeeded, result.StandardOutput, result.StandardError);
    }

    private void EnsureHeadOnBranch()
    {
        var headFile = System.IO.Path.Combine(Path, ".git", "HEAD");
        var head = File.Exists(headFile) ? File.ReadAllText(headFile).Trim() : string.Empty;
        if (head != "ref: " + LocalRef)
        {
            _git.Run(Path, GitCallKind.Local, "symbolic-ref", "HEAD", LocalRef);
        }
    }

    /// <summary>
    /// Only this agent writes here, under the pass lock, so a leftover lock or rebase is from an interrupted run:
    /// clear it so the pass can go on.
    /// </summary>
    private void RepairLeftovers(string gitDirectory)
    {
        var indexLock = System.IO.Path.Combine(gitDirectory, "index.lock");
        if (File.Exists(indexLock))
        {
            _host.WriteWarning($"Removing {indexLock}, left by an interrupted git command in the monitoring clone.");
            File.Delete(indexLock);
        }

        foreach (var rebase in new[] { "rebase-merge", "rebase-apply" })
        {
            var folder = System.IO.Path.Combine(gitDirectory, rebase);
            if (Directory.Exists(folder))
            {
                _host.WriteWarning($"Removing {folder}, left by an interrupted rebase in the monitoring clone.");
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
