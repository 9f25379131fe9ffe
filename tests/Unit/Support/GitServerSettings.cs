using System.Runtime.CompilerServices;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>
/// Makes every git server the tests start (upload-pack behind file:// remotes and git daemon) answer partial-clone
/// requests, as GitHub, GitLab and Gitea do; stock git refuses filters unless told otherwise. The agent's blob-less
/// clones are then really blob-less in every scenario. Tests of a server without filters say so explicitly.
/// </summary>
internal static class GitServerSettings
{
    [ModuleInitializer]
    internal static void AllowFilters()
    {
        Environment.SetEnvironmentVariable("GIT_CONFIG_COUNT", "1");
        Environment.SetEnvironmentVariable("GIT_CONFIG_KEY_0", "uploadpack.allowFilter");
        Environment.SetEnvironmentVariable("GIT_CONFIG_VALUE_0", "true");
    }
}
