using System.Management.Automation;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cmdlets.Commands;

/// <summary>
/// Test-GitOpsDeploymentConfig: validates the infra_meta.toml files of a config repo checkout without a device,
/// for the config repo's own CI. Returns one finding per problem, with file, line and key.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "GitOpsDeploymentConfig")]
[OutputType(typeof(ConfigFinding))]
public sealed class TestGitOpsDeploymentConfigCommand : GitOpsCmdlet
{
    /// <summary>The root of a deployment-config repo checkout.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Only this device's folder; every folder holding an infra_meta.toml when omitted.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? InfraName { get; set; }

    protected override void ProcessRecord()
    {
        var root = ResolvePath(Path)!;
        if (!Directory.Exists(root))
        {
            WriteGitOpsError(
                new DirectoryNotFoundException($"{root} does not exist or is not a folder."),
                "GitOps.PathNotFound",
                ErrorCategory.ObjectNotFound,
                Path,
                "Point -Path at a checkout of the deployment-config repo.");
            return;
        }

        var result = DeploymentConfigValidator.Validate(root, InfraName);
        foreach (var file in result.Files)
        {
            WriteVerbose($"checked {file}");
        }

        foreach (var finding in result.Findings)
        {
            WriteObject(finding);
        }
    }
}
