using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>
/// Invoke-GitOpsReconcile: one pass over all apps (or the named ones), then the health report is published.
/// One result per app; a failing app is an error record for that app, never the end of the pass.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GitOpsReconcile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AppOutcome))]
public sealed class InvokeGitOpsReconcileCommand : GitOpsCmdlet
{
    private readonly List<string> _names = [];

    /// <summary>Only these apps; all apps in the agent config when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Try a desired state that failed on this device (held, or rolled back) again, now.</summary>
    [Parameter]
    public SwitchParameter Retry { get; set; }

    /// <summary>Apply the drift of apps with sync = "manual" (and a held failed state) now.</summary>
    [Parameter]
    public SwitchParameter Sync { get; set; }

    /// <summary>Skip pushing the health report to the monitoring branches.</summary>
    [Parameter]
    public SwitchParameter NoPublish { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AgentHome { get; set; }

    // Names arrive one pipeline object at a time; the pass covers them all at once (one lock, one publish).
    protected override void ProcessRecord() => _names.AddRange(Name ?? []);

    protected override void EndProcessing() => Guarded(() =>
    {
        var config = AgentConfigLoader.Load(ConfigFile(ConfigPath));
        WriteConfigWarnings(config);
        var paths = AgentPathsFor(AgentHome);
        var whatIf = IsWhatIf();
        var options = new ReconcileOptions { Apps = _names, DryRun = whatIf, Retry = Retry, Sync = Sync };
        var result = RunCore((host, cancel) => new ReconcileRunner(paths, host).Run(config, options, publish: !NoPublish, cancel));

        foreach (var outcome in result.Report.Apps)
        {
            if (whatIf && outcome.Actions.Count > 0)
            {
                // Shows the plan as PowerShell shows every -WhatIf: "What if: Performing the operation ... on target ...".
                ShouldProcess(outcome.Name, string.Join("; ", outcome.Actions));
            }

            WriteObject(outcome);
            if (AppFailure.For(outcome, result.Report) is { } failure)
            {
                WriteGitOpsError(new InvalidOperationException(failure.Message), failure.ErrorId, Category(failure.Kind), outcome);
            }
        }

        foreach (var published in result.Published)
        {
            if (published.Error is null)
            {
                WriteVerbose(published.Message);
            }
            else
            {
                WriteGitOpsError(new InvalidOperationException(published.Error), "GitOps.PublishFailed", ErrorCategory.ResourceUnavailable, published);
            }
        }
    });

    internal static ErrorCategory Category(AppFailureKind kind) => kind switch
    {
        AppFailureKind.InvalidConfig => ErrorCategory.InvalidData,
        AppFailureKind.ConfigRepoUnreachable => ErrorCategory.ResourceUnavailable,
        AppFailureKind.AppUpdateFailed => ErrorCategory.ResourceUnavailable,
        AppFailureKind.PreCommandFailed => ErrorCategory.OperationStopped,
        AppFailureKind.PostCommandFailed => ErrorCategory.InvalidResult,
        AppFailureKind.UntrustedCommit => ErrorCategory.SecurityError,
        AppFailureKind.HealthCheckFailed => ErrorCategory.InvalidResult,
        AppFailureKind.RolledBack => ErrorCategory.InvalidResult,
        AppFailureKind.RemovalFailed => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>-WhatIf given, or $WhatIfPreference set by the caller: plan only.</summary>
    private bool IsWhatIf()
    {
        if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
        {
            return LanguagePrimitives.IsTrue(bound);
        }

        return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }
}
