using System.Management.Automation;
using GitOpsAgent.Core.AirGap;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>
/// Import-GitOpsBundle: on an air-gapped device, verifies a bundle made by `gitops-agent bundle` and reconciles from it
/// (the same engine as `gitops-agent import`). -WhatIf checks the bundle and shows the plan.
/// </summary>
[Cmdlet(VerbsData.Import, "GitOpsBundle", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BundleImportResult))]
public sealed class ImportGitOpsBundleCommand : GitOpsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Which of the device's config repos the bundle stands for, when neither its URL nor its name says so.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigRepo { get; set; }

    [Parameter]
    public SwitchParameter NoPublish { get; set; }

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
        var file = ResolvePath(Path)!;
        var apply = ShouldProcess(file, $"Verify the bundle and reconcile {config.InfraName} from it");
        try
        {
            var given = ConfigRepo is null ? null : ConfigRepoSource.Parse(ConfigRepo);
            var result = RunCore((host, cancel) => new BundleImporter(paths, host).Import(config, file, given, dryRun: !apply, publish: !NoPublish, cancel));
            WriteObject(result);
            foreach (var app in result.Pass?.Apps ?? [])
            {
                if (AppFailure.For(app, result.Pass!) is { } failure)
                {
                    WriteGitOpsError(new InvalidOperationException(failure.Message), failure.ErrorId, InvokeGitOpsReconcileCommand.Category(failure.Kind), app);
                }
            }

            foreach (var published in result.Published)
            {
                WriteVerbose(published.Message);
            }
        }
        catch (AirGapException ex)
        {
            var (id, category) = ex.Refusal switch
            {
                BundleRefusal.NotFound => ("GitOps.BundleNotFound", ErrorCategory.ObjectNotFound),
                BundleRefusal.Damaged => ("GitOps.BundleDamaged", ErrorCategory.InvalidData),
                BundleRefusal.OtherDevice => ("GitOps.BundleForAnotherDevice", ErrorCategory.InvalidArgument),
                BundleRefusal.OtherRepo => ("GitOps.BundleForAnotherRepo", ErrorCategory.InvalidArgument),
                BundleRefusal.MissingCommits => ("GitOps.BundleIncomplete", ErrorCategory.ObjectNotFound),
                BundleRefusal.Untrusted => ("GitOps.BundleUntrusted", ErrorCategory.SecurityError),
                _ => ("GitOps.BundleRefused", ErrorCategory.InvalidData),
            };
            WriteGitOpsError(ex, id, category, file, "Make the bundle again on the connected machine as the message says; nothing was changed on this device.");
        }
    });
}
