using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Reconcile;

namespace GitOpsAgent.Core.AirGap;

/// <summary>Unpacks a gitops-agent bundle into a scratch repo, or says why it cannot: missing prerequisites, or damage.</summary>
internal static class BundleUnpacker
{
    /// <summary>Checks the file whole (every object hashed by git) and unpacks its refs; a damaged file changes nothing.</summary>
    public static void Unpack(GitClient git, string staging, string path, BundleHeader header, string fixForMissing)
    {
        var verified = git.TryRun(staging, GitCallKind.Local, "bundle", "verify", "--quiet", path);
        if (!verified.Succeeded)
        {
            var said = verified.StandardError.Trim();
            var missing = header.Prerequisites.Where(commit => !git.TryRun(staging, GitCallKind.Local, "cat-file", "-e", commit + "^{commit}").Succeeded).ToList();
            if (missing.Count > 0)
            {
                throw new AirGapException($"{path} was made against commits that are not here ({string.Join(", ", missing.Select(CommitId.Abbreviate))}). Nothing was imported. {fixForMissing}", BundleRefusal.MissingCommits);
            }

            throw new AirGapException($"{path} is damaged or incomplete (git bundle verify: {said}). Nothing was imported. Copy it again from the machine that made it, or make it anew.", BundleRefusal.Damaged);
        }

        var fetched = git.TryRun(staging, GitCallKind.Local, "fetch", "--quiet", "--no-tags", path, $"+{ManifestCommit.RefPrefix}*:{ManifestCommit.RefPrefix}*");
        if (!fetched.Succeeded)
        {
            throw new AirGapException($"{path} is damaged or incomplete (git fetch: {fetched.StandardError.Trim()}). Nothing was imported. Copy it again from the machine that made it, or make it anew.", BundleRefusal.Damaged);
        }
    }
}
