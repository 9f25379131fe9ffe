using System.Text;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Core.State;

/// <summary>
/// Remembers, per app, a fingerprint of the desired state last applied successfully, so a change in
/// what the config repo declares (a hook, a destination) is noticed even when files and commit match.
/// </summary>
public sealed class AppliedStateStore(AgentPaths paths)
{
    public static string Fingerprint(DesiredApp app, string resolvedCommit)
    {
        ArgumentNullException.ThrowIfNull(app);
        var text = new StringBuilder()
            .Append("url=").Append(ConfigRepoSource.Normalize(app.CodeUrl)).Append('\n')
            .Append("commit=").Append(resolvedCommit).Append('\n')
            .Append("path=").Append(app.CodeLocalPath).Append('\n')
            .Append("pre=").Append(app.PreUpdationCommand).Append('\n')
            .Append("post=").Append(app.PostUpdationCommand).Append('\n');
        // Newer keys are written only when set, so a device's stored fingerprints stay valid across an upgrade.
        if (app.RunAs is not null)
        {
            text.Append("run_as=").Append(app.RunAs).Append('\n');
        }

        foreach (var file in app.ConfigFiles)
        {
            text.Append("file=").Append(file.Source).Append(" -> ").Append(file.Destination);
            if (file.DeclaresAccess)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $" mode={file.Mode} owner={file.Owner} group={file.Group}");
            }

            text.Append('\n');
        }

        return Sha256.HexOf(text.ToString());
    }

    /// <summary>Marks the last apply as unfinished (a hook or step failed), so the next pass tries again instead of calling it healthy.</summary>
    public void MarkIncomplete(string appName) => Write(appName, IncompleteMarker);

    public const string IncompleteMarker = "incomplete";

    public string? Read(string appName)
    {
        var file = FileFor(appName);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    public void Delete(string appName)
    {
        DeleteIfPresent(FileFor(appName));
        DeleteIfPresent(PostDoneFor(appName));
    }

    /// <summary>
    /// Records that the post command of the change with this fingerprint succeeded, before the rest of the plan (the
    /// health check) is done: a pass killed after it runs the rest, not the post command again.
    /// </summary>
    public void WritePostDone(string appName, string fingerprint) => AtomicFile.WriteAllText(PostDoneFor(appName), fingerprint + "\n");

    public bool PostDone(string appName, string fingerprint)
    {
        var file = PostDoneFor(appName);
        return File.Exists(file) && File.ReadAllText(file).Trim() == fingerprint;
    }

    /// <summary>The change is complete: a later heal of the same desired state runs its post command again.</summary>
    public void ClearPostDone(string appName) => DeleteIfPresent(PostDoneFor(appName));

    // File.Delete accepts a missing file but not a missing folder (a device where nothing was applied yet).
    private static void DeleteIfPresent(string file)
    {
        if (File.Exists(file))
        {
            File.Delete(file);
        }
    }

    private string PostDoneFor(string appName) => Path.Combine(paths.AppliedStateDirectory, Uri.EscapeDataString(appName) + ".post-done");

    public void Write(string appName, string fingerprint) => AtomicFile.WriteAllText(FileFor(appName), fingerprint + "\n");

    private string FileFor(string appName) => Path.Combine(paths.AppliedStateDirectory, Uri.EscapeDataString(appName) + ".fingerprint");
}
