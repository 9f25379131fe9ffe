using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>Get-GitOpsApp: each app's desired state next to its observed state, and why they differ. Changes nothing.</summary>
[Cmdlet(VerbsCommon.Get, "GitOpsApp")]
[OutputType(typeof(AppState))]
public sealed class GetGitOpsAppCommand : GitOpsCmdlet
{
    private readonly List<string> _names = [];

    /// <summary>Only these apps; all apps in the agent config when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AgentHome { get; set; }

    // Names arrive one pipeline object at a time; one observation covers them all.
    protected override void ProcessRecord() => _names.AddRange(Name ?? []);

    protected override void EndProcessing() => Guarded(() =>
    {
        var config = AgentConfigLoader.Load(ConfigFile(ConfigPath));
        WriteConfigWarnings(config);
        var paths = AgentPathsFor(AgentHome);
        var states = RunCore((host, cancel) => new AppStateInspector(paths, host).Inspect(config, _names, cancel));
        foreach (var state in states)
        {
            WriteObject(state);
        }
    });
}
