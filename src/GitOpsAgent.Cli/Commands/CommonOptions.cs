using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cli.Commands;

/// <summary>--config and --home resolved: GITOPS_AGENT_CONFIG / GITOPS_AGENT_HOME and then the system paths when not given.</summary>
internal sealed record CommonOptions(string ConfigPath, AgentPaths Paths)
{
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
