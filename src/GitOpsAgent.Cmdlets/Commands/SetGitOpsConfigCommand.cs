using System.Collections;
using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Configuration.Schema;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>
/// Set-GitOpsConfig: changes any key of the agent config, its applications, or opens it in $EDITOR. Every change
/// is validated before anything is written; the write is atomic; untouched lines keep their comments. One
/// parameter per key of <see cref="AgentConfigSchema"/>, so `Get-GitOpsConfig | Set-GitOpsConfig` binds by name.
/// </summary>
[Cmdlet(VerbsCommon.Set, "GitOpsConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ChangeSet)]
[OutputType(typeof(AgentConfig))]
public sealed class SetGitOpsConfigCommand : GitOpsCmdlet, IDynamicParameters
{
    private const string ChangeSet = "Change";
    private const string EditSet = "Edit";

    private RuntimeDefinedParameterDictionary? _keyParameters;

    /// <summary>Apps to add or change: name=url@branch strings, a hashtable of name → url@branch, or AgentApplication objects.</summary>
    [Parameter(ParameterSetName = ChangeSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Applications")]
    [ValidateNotNullOrEmpty]
    public object[]? Application { get; set; }

    [Parameter(ParameterSetName = ChangeSet)]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? RemoveApplication { get; set; }

    /// <summary>Open the config in $VISUAL, $EDITOR or vi; saved only when what was written validates.</summary>
    [Parameter(Mandatory = true, ParameterSetName = EditSet)]
    public SwitchParameter Edit { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SourcePath")]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    /// <summary>Return the config as written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    public object GetDynamicParameters() => _keyParameters ??= ConfigKeyParameters.For(AgentConfigSchema.Keys, ChangeSet);

    protected override void ProcessRecord() => Guarded(() =>
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
            applications = (Application ?? []).SelectMany(ApplicationEntries).ToList();
        }
        catch (FormatException ex)
        {
            WriteGitOpsError(ex, "GitOps.InvalidApplication", ErrorCategory.InvalidArgument, Application, "Give each app as name=url@branch, or as a hashtable: @{ web = 'git@host:org/deploy-config.git@main' }.");
            return;
        }

        var change = new AgentConfigChange { SetApplications = applications, RemoveApplications = RemoveApplication ?? [] };
        foreach (var key in AgentConfigSchema.Keys.Where(k => k.SettableAsValue))
        {
            // BoundParameters holds this record's pipeline values and the command line's, and nothing unbound.
            // An optional key that is not set arrives from Get-GitOpsConfig as null (or "" for a string): not a change.
            if (MyInvocation.BoundParameters.TryGetValue(key.PropertyName, out var value) && value is not null && value is not "")
            {
                change = change.With(key.Name, ConfigKeyParameters.ToToml(key, value));
            }
        }

        var edit = AgentConfigEditor.Prepare(path, change);
        WriteConfigWarnings(edit.Config);
        if (!edit.Changed)
        {
            WriteVerbose($"{path} already says this; nothing to write.");
        }
        else if (ShouldProcess(path, (edit.Creates ? "Create the agent config: " : "Change the agent config: ") + string.Join("; ", edit.Changes)))
        {
            AgentConfigEditor.Save(edit);
            WriteVerbose($"wrote {path}: {string.Join("; ", edit.Changes)}");
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

    private static IEnumerable<KeyValuePair<string, string>> ApplicationEntries(object item)
    {
        switch (item is PSObject wrapped ? wrapped.BaseObject : item)
        {
            case AgentApplication app:
                yield return new KeyValuePair<string, string>(app.Name, app.Source.ToString());
                break;
            case IDictionary table:
                foreach (DictionaryEntry entry in table)
                {
                    var name = (entry.Key is PSObject key ? key.BaseObject : entry.Key)?.ToString() ?? string.Empty;
                    var source = (entry.Value is PSObject value ? value.BaseObject : entry.Value)?.ToString() ?? string.Empty;
                    yield return AgentConfigChange.ParseApplication($"{name}={source}");
                }

                break;
            case string text:
                yield return AgentConfigChange.ParseApplication(text);
                break;
            case var other:
                throw new FormatException($"\"{other}\" ({other?.GetType().Name ?? "null"}) is not an application. Write it as name=url@branch, for example web=git@github.com:org/deploy-config.git@main, or as @{{ web = 'git@github.com:org/deploy-config.git@main' }}.");
        }
    }

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
