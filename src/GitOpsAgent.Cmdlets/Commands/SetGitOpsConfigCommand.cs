using System.Management.Automation;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>
/// Set-GitOpsConfig: changes the agent config (infra name, interval, applications) or opens it in $EDITOR.
/// Every change is validated before anything is written; the write is atomic; untouched lines keep their comments.
/// </summary>
[Cmdlet(VerbsCommon.Set, "GitOpsConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ChangeSet)]
[OutputType(typeof(AgentConfig))]
public sealed class SetGitOpsConfigCommand : GitOpsCmdlet
{
    private const string ChangeSet = "Change";
    private const string EditSet = "Edit";

    [Parameter(ParameterSetName = ChangeSet)]
    [ValidateNotNullOrEmpty]
    public string? InfraName { get; set; }

    [Parameter(ParameterSetName = ChangeSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? Interval { get; set; }

    /// <summary>Apps to add or change, each as name=url@branch.</summary>
    [Parameter(ParameterSetName = ChangeSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Application { get; set; }

    [Parameter(ParameterSetName = ChangeSet)]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? RemoveApplication { get; set; }

    /// <summary>Open the config in $VISUAL, $EDITOR or vi; saved only when what was written validates.</summary>
    [Parameter(Mandatory = true, ParameterSetName = EditSet)]
    public SwitchParameter Edit { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    /// <summary>Return the config as written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing() => Guarded(() =>
    {
        var path = ConfigFile(ConfigPath);
        if (Edit)
        {
            EditInteractively(path);
            return;
        }

        List<KeyValuePair<string, string>> applications;
        try
        {
            applications = (Application ?? []).Select(AgentConfigChange.ParseApplication).ToList();
        }
        catch (FormatException ex)
        {
            WriteGitOpsError(ex, "GitOps.InvalidApplication", ErrorCategory.InvalidArgument, Application);
            return;
        }

        var change = new AgentConfigChange
        {
            InfraName = InfraName,
            IntervalSeconds = Interval,
            SetApplications = applications,
            RemoveApplications = RemoveApplication ?? [],
        };
        var edit = AgentConfigEditor.Prepare(path, change);
        WriteConfigWarnings(edit.Config);
        if (!edit.Changed)
        {
            WriteVerbose($"{path} already says this; nothing to write.");
        }
        else if (ShouldProcess(path, (edit.Creates ? "Create the agent config: " : "Change the agent config: ") + string.Join("; ", edit.Changes)))
        {
            AgentConfigEditor.Save(edit);
            WriteVerbose($"wrote {path}");
        }
        else
        {
            return;
        }

        if (PassThru)
        {
            WriteObject(edit.Config);
        }
    });

    private void EditInteractively(string path)
    {
        var editor = ConfigFileEditor.ResolveEditor();
        if (!ShouldProcess(path, $"Edit the agent config in '{editor}'"))
        {
            return;
        }

        var result = ConfigFileEditor.Edit(path, editor);
        if (result.EditorExitCode != 0)
        {
            WriteGitOpsError(
                new InvalidOperationException($"the editor '{editor}' exited with {result.EditorExitCode}; {path} was not changed."),
                "GitOps.EditorFailed",
                ErrorCategory.OperationStopped,
                path);
        }
        else if (result.Findings.Count > 0)
        {
            var message = $"the edited config is not valid, so {path} was not changed. Your edit is kept in {result.RejectedCopy}:{Environment.NewLine}"
                + string.Join(Environment.NewLine, result.Findings.Select(f => f.ToString()));
            WriteGitOpsError(new ConfigurationException(message), "GitOps.ConfigInvalid", ErrorCategory.InvalidData, result.Findings, $"Fix the copy and run Set-GitOpsConfig -Edit again, or copy it over {path} once it is valid.");
        }
        else if (result.Unchanged)
        {
            WriteVerbose($"{path} was not changed.");
        }
        else
        {
            WriteVerbose($"wrote {path}");
            if (result.Config is { } config)
            {
                WriteConfigWarnings(config);
                if (PassThru)
                {
                    WriteObject(config);
                }
            }
        }
    }
}
