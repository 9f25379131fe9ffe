using System.Management.Automation;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>Get-GitOpsConfig: the agent config, validated.</summary>
[Cmdlet(VerbsCommon.Get, "GitOpsConfig")]
[OutputType(typeof(AgentConfig))]
public sealed class GetGitOpsConfigCommand : GitOpsCmdlet
{
    /// <summary>The agent config file; default $env:GITOPS_AGENT_CONFIG, else /etc/gitops-agent/config.toml.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    protected override void EndProcessing() => Guarded(() =>
    {
        var config = AgentConfigLoader.Load(ConfigFile(ConfigPath));
        WriteConfigWarnings(config);
        WriteObject(config);
    });
}
