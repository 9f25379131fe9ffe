@{
    # build.ps1 copies this manifest next to the DLLs in out/GitOpsAgent/.
    RootModule           = 'GitOpsAgent.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '6f3c2a1e-8d4b-4e9a-9c57-2b1f0d7e4a63'
    Author               = 'GitOps Agent contributors'
    CompanyName          = 'GitOps Agent'
    Copyright            = '(c) 2026 GitOps Agent contributors. MIT License.'
    Description          = 'Pull-based GitOps for servers, VMs and edge devices without Kubernetes: each device polls a deployment-config git repo, brings every application to the pinned commit and config files, heals drift, and pushes a health report back to git.'
    PowerShellVersion    = '7.4'
    # Loaded at import, so scripts can name the output types ([GitOpsAgent.Core.Reports.DriftReason]::LocalChanges).
    RequiredAssemblies   = @('GitOpsAgent.Toml.dll', 'GitOpsAgent.Core.dll')
    FormatsToProcess     = @('GitOpsAgent.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-GitOpsApp'
        'Get-GitOpsConfig'
        'Get-GitOpsHistory'
        'Get-GitOpsStatus'
        'Import-GitOpsBundle'
        'Invoke-GitOpsReconcile'
        'Publish-GitOpsStatus'
        'Resume-GitOpsApp'
        'Set-GitOpsConfig'
        'Suspend-GitOpsApp'
        'Test-GitOpsDeploymentConfig'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('GitOps', 'Git', 'Deployment', 'Edge', 'Reconcile', 'Linux', 'PSEdition_Core')
            LicenseUri   = 'https://github.com/gitops-agent/gitops-agent/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/gitops-agent/gitops-agent'
            ReleaseNotes = 'See https://github.com/gitops-agent/gitops-agent/releases'
        }
    }
}
