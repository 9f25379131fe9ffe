namespace GitOpsAgent.Bench;

/// <summary>
/// The environment the bytes benchmark runs git and the agent in: no system or global git config (a developer's
/// <c>protocol.version</c> or <c>fetch.*</c> setting would change the bytes), no terminal, a fixed identity.
/// </summary>
public static class QuietGitEnvironment
{
    public static IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_AUTHOR_NAME"] = "bench",
        ["GIT_AUTHOR_EMAIL"] = "bench@example.test",
        ["GIT_COMMITTER_NAME"] = "bench",
        ["GIT_COMMITTER_EMAIL"] = "bench@example.test",
    };
}
