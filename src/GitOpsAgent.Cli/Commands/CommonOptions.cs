using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cli.Commands;

/// <summary>--config and --home, defaulting to GITOPS_AGENT_CONFIG / GITOPS_AGENT_HOME and then the system paths.</summary>
internal sealed record CommonOptions(string ConfigPath, AgentPaths Paths)
{
    public const string Usage =
        "  --config PATH   agent config (default: $GITOPS_AGENT_CONFIG or /etc/gitops-agent/config.toml)\n" +
        "  --home DIR      agent home (default: $GITOPS_AGENT_HOME or /opt/gitops-agent)\n";

    public static CommonOptions Read(ArgumentReader reader) =>
        new(AgentPaths.ConfigPathFromEnvironment(reader.Value("--config")), AgentPaths.FromEnvironment(reader.Value("--home")));

    /// <summary>Loads the agent config, printing every finding (errors and warnings) on stderr.</summary>
    public AgentConfig? LoadConfig(CliContext context)
    {
        try
        {
            var config = AgentConfigLoader.Load(ConfigPath);
            foreach (var warning in config.Warnings)
            {
                context.Error.WriteLine(warning);
            }

            return config;
        }
        catch (ConfigurationException ex)
        {
            foreach (var finding in ex.Findings)
            {
                context.Error.WriteLine(finding);
            }

            context.Error.WriteLine("gitops-agent: the agent config has errors; nothing was done.");
            return null;
        }
    }
}
