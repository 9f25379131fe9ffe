using System.CommandLine;
using GitOpsAgent.Cli.Commands;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>--config and --home as options of one command, and the <see cref="CommonOptions"/> they resolve to.</summary>
internal sealed class CommonOptionSet
{
    public Option<string?> Config { get; } = CliOptions.Value("--config", "PATH", "agent config (default: $GITOPS_AGENT_CONFIG or /etc/gitops-agent/config.toml)");

    public Option<string?> Home { get; } = CliOptions.Value("--home", "DIR", "agent home (default: $GITOPS_AGENT_HOME or /opt/gitops-agent)");

    public void AddTo(Command command, bool home = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Config);
        if (home)
        {
            command.Options.Add(Home);
        }
    }

    public CommonOptions Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CommonOptions(AgentPaths.ConfigPathFromEnvironment(result.GetValue(Config)), AgentPaths.FromEnvironment(result.GetValue(Home)));
    }

    /// <summary>The agent config file this command line points at, for completion; never throws.</summary>
    public string ConfigPathFor(ParseResult result) => AgentPaths.ConfigPathFromEnvironment(result.GetValue(Config));
}
