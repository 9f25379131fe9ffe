using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>Publish-GitOpsStatus: pushes the last pass's health report to each config repo's monitoring branch.</summary>
[Cmdlet(VerbsData.Publish, "GitOpsStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PublishResult))]
public sealed class PublishGitOpsStatusCommand : GitOpsCmdlet
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AgentHome { get; set; }

    protected override void EndProcessing() => Guarded(() =>
    {
        var config = AgentConfigLoader.Load(ConfigFile(ConfigPath));
        WriteConfigWarnings(config);
        var paths = AgentPathsFor(AgentHome);
        var results = RunCore((host, cancel) => new LastPassPublisher(paths, host).Publish(config, cancel));
        foreach (var result in results)
        {
            WriteObject(result);
            if (result.Error is not null)
            {
                WriteGitOpsError(new InvalidOperationException(result.Error), "GitOps.PublishFailed", ErrorCategory.ResourceUnavailable, result);
            }
        }
    });
}
