using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Monitoring;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>Get-GitOpsHistory: every change of an app's status or commit, from the monitoring branches' history.</summary>
[Cmdlet(VerbsCommon.Get, "GitOpsHistory")]
[OutputType(typeof(HistoryEntry))]
public sealed class GetGitOpsHistoryCommand : GitOpsCmdlet
{
    /// <summary>Only this device.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Device { get; set; }

    /// <summary>Only this app.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? App { get; set; }

    [Parameter]
    public DateTimeOffset? Since { get; set; }

    [Parameter]
    public DateTimeOffset? Until { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AgentHome { get; set; }

    protected override void ProcessRecord() => Guarded(() =>
    {
        var config = AgentConfigLoader.Load(ConfigFile(ConfigPath));
        WriteConfigWarnings(config);
        var paths = AgentPathsFor(AgentHome);
        var query = new HistoryQuery { Device = Device, App = App, Since = Since, Until = Until };
        var history = RunCore((host, cancel) => new FleetHistoryReader(paths, new GitClient(host: host) { Cancellation = cancel }, host).Read(config, query, cancel));
        foreach (var note in history.Notes)
        {
            WriteVerbose(note);
        }

        WriteObject(history.Entries, enumerateCollection: true);
    });
}
