namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// The commented agent config a new file starts from: scripts/config.template.toml, embedded at build, the one
/// source for Set-GitOpsConfig, `gitops-agent configure` and the installer. Its keys are commented out, so the
/// template alone does not validate and a device cannot start under a made-up name.
/// </summary>
public static class AgentConfigTemplate
{
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(AgentConfigTemplate).Assembly.GetManifestResourceStream("GitOpsAgent.Core.config.template.toml")
            ?? throw new InvalidOperationException("the agent config template is missing from GitOpsAgent.Core.dll; rebuild it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
