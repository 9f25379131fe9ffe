using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>
/// Resume-GitOpsApp: lifts this device's suspension of an app, so the next pass reconciles it. An app suspended in git
/// (suspended = true) stays suspended: that is an error record saying where to lift it.
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "GitOpsApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SuspensionState))]
public sealed class ResumeGitOpsAppCommand : GitOpsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AgentHome { get; set; }

    protected override void ProcessRecord() => Guarded(() =>
    {
        var config = AgentConfigLoader.Load(ConfigFile(ConfigPath));
        var suspender = new AppSuspender(AgentPathsFor(AgentHome));
        foreach (var name in Name)
        {
            if (!ShouldProcess(name, "Resume"))
            {
                continue;
            }

            try
            {
                var state = suspender.Resume(config, name);
                WriteVerbose(state.Message);
                WriteObject(state);
                if (state.Suspended)
                {
                    WriteGitOpsError(new InvalidOperationException(state.Message), "GitOps.SuspendedInGit", ErrorCategory.ResourceBusy, state, "Remove suspended = true from the app's section in infra_meta.toml.");
                }
            }
            catch (UnknownAppException ex)
            {
                WriteGitOpsError(ex, "GitOps.AppNotFound", ErrorCategory.ObjectNotFound, name, "Use an app name from Get-GitOpsConfig.");
            }
        }
    });
}
