using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>
/// Suspend-GitOpsApp: passes keep observing and reporting the app but change nothing on this device until
/// Resume-GitOpsApp or -Until. Needs no lock: a running pass reads it before it would change the app.
/// </summary>
[Cmdlet(VerbsLifecycle.Suspend, "GitOpsApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SuspensionState))]
public sealed class SuspendGitOpsAppCommand : GitOpsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Reason { get; set; } = string.Empty;

    /// <summary>When the suspension ends by itself; a time without a zone is the local time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

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
        DateTimeOffset? until = Until is { } time ? new DateTimeOffset(time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime(), TimeSpan.Zero) : null;
        foreach (var name in Name)
        {
            var ends = until is { } end ? $"until {end:yyyy-MM-dd HH:mm}Z" : "until resumed";
            if (!ShouldProcess(name, $"Suspend ({Reason}) {ends}"))
            {
                continue;
            }

            try
            {
                var state = suspender.Suspend(config, name, Reason, until, DateTimeOffset.UtcNow);
                WriteVerbose(state.Message);
                WriteObject(state);
            }
            catch (UnknownAppException ex)
            {
                WriteGitOpsError(ex, "GitOps.AppNotFound", ErrorCategory.ObjectNotFound, name, "Use an app name from Get-GitOpsConfig.");
            }
            catch (InvalidRequestException ex)
            {
                WriteGitOpsError(ex, "GitOps.InvalidRequest", ErrorCategory.InvalidArgument, name);
            }
        }
    });
}
