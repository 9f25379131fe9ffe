using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>Get-GitOpsStatus: the last pass on this device (offline), or with -Fleet every device on the monitoring branches.</summary>
[Cmdlet(VerbsCommon.Get, "GitOpsStatus", DefaultParameterSetName = LocalSet)]
[OutputType(typeof(PassReport), ParameterSetName = [LocalSet])]
[OutputType(typeof(FleetRow), ParameterSetName = [FleetSet])]
public sealed class GetGitOpsStatusCommand : GitOpsCmdlet
{
    private const string LocalSet = "Local";
    private const string FleetSet = "Fleet";

    /// <summary>Read every device's report from the monitoring branches instead of this device's last pass.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FleetSet)]
    public SwitchParameter Fleet { get; set; }

    [Parameter(ParameterSetName = FleetSet)]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AgentHome { get; set; }

    protected override void EndProcessing() => Guarded(() =>
    {
        var paths = AgentPathsFor(AgentHome);
        if (!Fleet)
        {
            WriteObject(LastPassStore.Load(paths) ?? throw new NoPassYetException(paths.Home, forPublish: false));
            return;
        }

        var config = AgentConfigLoader.Load(ConfigFile(ConfigPath));
        WriteConfigWarnings(config);
        var rows = RunCore((host, cancel) => new FleetStatusReader(paths, new GitClient(host: host), host).Read(config, DateTimeOffset.UtcNow, cancel));
        foreach (var row in rows)
        {
            WriteObject(row);
        }
    });
}
