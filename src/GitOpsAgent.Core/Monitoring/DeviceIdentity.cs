namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// The device as git author and committer, passed through the environment so no git config is written and no
/// global identity is needed. Signing is switched off: an operator's signing setup must not stall an unattended commit.
/// </summary>
internal static class DeviceIdentity
{
    public static string Email(string device) => device + "@gitops-agent.local";

    public static Dictionary<string, string> Environment(string device) => new(StringComparer.Ordinal)
    {
        ["GIT_AUTHOR_NAME"] = device,
        ["GIT_AUTHOR_EMAIL"] = Email(device),
        ["GIT_COMMITTER_NAME"] = device,
        ["GIT_COMMITTER_EMAIL"] = Email(device),
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = "commit.gpgsign",
        ["GIT_CONFIG_VALUE_0"] = "false",
    };
}
