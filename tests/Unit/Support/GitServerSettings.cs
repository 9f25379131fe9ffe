using System.Runtime.CompilerServices;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>
/// Makes every git server the tests start (upload-pack behind file:// remotes and git daemon) answer partial-clone
/// requests, as GitHub, GitLab and Gitea do; stock git refuses filters unless its config says otherwise. The agent's
/// blob-less clones are then really blob-less in every scenario. The setting goes in a system config that includes the
/// real one: git hands GIT_CONFIG_COUNT and GIT_CONFIG_PARAMETERS to no local upload-pack, but it reads the system file.
/// </summary>
internal static class GitServerSettings
{
    [ModuleInitializer]
    internal static void AllowFilters()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gitops-tests-gitconfig-{Environment.ProcessId}");
        File.WriteAllText(file, "[include]\n\tpath = /etc/gitconfig\n[uploadpack]\n\tallowFilter = true\n");
        Environment.SetEnvironmentVariable("GIT_CONFIG_SYSTEM", file);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
    }
}
