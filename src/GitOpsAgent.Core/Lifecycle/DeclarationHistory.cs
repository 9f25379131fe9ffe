using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// An app's declaration as the config repo had it at a given commit, read from the config clone's history. A rollback
/// and a removal act on the declaration the device saw, commands included, without the agent keeping a second copy
/// of what may hold secrets (its own records keep only a redacted one, the fallback when the commit is gone).
/// </summary>
public sealed class DeclarationHistory(GitClient git, string infraName)
{
    public DesiredApp? Find(string? configClonePath, string? commit, string appName)
    {
        if (configClonePath is null || commit is null || !Directory.Exists(configClonePath))
        {
            return null;
        }

        var file = $"{infraName}/{InfraMetaLoader.FileName}";
        var result = git.TryRun(configClonePath, GitCallKind.Local, "show", $"{commit}:{file}");
        if (!result.Succeeded)
        {
            return null;
        }

        return InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(result.StandardOutput), file, configClonePath).For(appName).App;
    }
}
