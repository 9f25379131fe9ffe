namespace GitOpsAgent.Core.Monitoring;

/// <summary>
/// The device as git author and committer, passed through the environment so no git config is written and no
/// global identity is needed. Signing is off unless the agent config names the device's own SSH key (signing_key):
/// an operator's signing setup must not stall an unattended commit.
/// </summary>
internal static class DeviceIdentity
{
    public static string Email(string device) => device + "@gitops-agent.local";

    public static Dictionary<string, string> Environment(string device, string? signingKey = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_AUTHOR_NAME"] = device,
            ["GIT_AUTHOR_EMAIL"] = Email(device),
            ["GIT_COMMITTER_NAME"] = device,
            ["GIT_COMMITTER_EMAIL"] = Email(device),
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "commit.gpgsign",
            ["GIT_CONFIG_VALUE_0"] = signingKey is null ? "false" : "true",
        };
        if (signingKey is not null)
        {
            environment["GIT_CONFIG_COUNT"] = "3";
            environment["GIT_CONFIG_KEY_1"] = "gpg.format";
            environment["GIT_CONFIG_VALUE_1"] = "ssh";
            environment["GIT_CONFIG_KEY_2"] = "user.signingkey";
            environment["GIT_CONFIG_VALUE_2"] = signingKey;
        }

        return environment;
    }
}
