#Requires -Version 7.4
# The default view of every output type, rendered as an operator's terminal would at 80 and 120 columns, compared
# with the checked-in text in views/. Objects are built with fixed values, so the text is the same on every machine.
# After an intended change of a view: $env:GITOPS_UPDATE_VIEWS = '1' rewrites the expected files; review the diff.

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    $script:ModuleManifest = if ($env:GITOPS_TEST_MODULE) { $env:GITOPS_TEST_MODULE } else { Join-Path $PSScriptRoot '../../out/GitOpsAgent/GitOpsAgent.psd1' }
    Import-Module -Name $script:ModuleManifest -Force
    $script:ViewsDir = Join-Path $PSScriptRoot 'views'
    $script:Url = 'git@git.example.com:ops/deploy-config.git'
    $script:Source = "$($script:Url)@main"

    function New-Outcome([string] $Name, [string] $Status, [bool] $Changed, [string[]] $Drift, [string] $Commit) {
        $outcome = [GitOpsAgent.Core.Reports.AppOutcome]@{
            Name         = $Name
            ConfigSource = $script:Source
            Status       = $Status
            Changed      = $Changed
            ActualCommit = $Commit
            Drift        = [GitOpsAgent.Core.Reports.DriftReason[]] @($Drift)
        }
        return $outcome
    }

    # Each case: a name and a script block that returns the objects to render.
    $script:Cases = [ordered]@{
        'AppOutcome'    = {
            New-Outcome 'web' '✅ healthy' $true @('WrongCommit') '3f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b'
            New-Outcome 'payments-api' '❌ post-command exited non-zero' $true @('NotCloned') '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b'
            New-Outcome 'worker' '🔶 would change: clone, checkout, config, post' $false @('NotCloned', 'ConfigFileMissing') $null
        }
        'AppState'      = {
            [GitOpsAgent.Core.Operations.AppState]@{ Name = 'web'; ConfigSource = $script:Source; DesiredCommit = '3f1c2a9b8e7d'; ActualCommit = '3f1c2a9b8e7d'; LastStatus = '✅ healthy' }
            [GitOpsAgent.Core.Operations.AppState]@{ Name = 'payments-api'; ConfigSource = $script:Source; DesiredCommit = '9a8b7c6d5e4f'; ActualCommit = '1111111aaaaa'; Drift = [string[]]@('WrongCommit', 'LocalChanges'); Steps = [string[]]@('pre', 'fetch', 'preserve', 'checkout', 'post'); LastStatus = '❌ post-command exited non-zero' }
        }
        'PassReport'    = {
            [GitOpsAgent.Core.Reports.PassReport]@{
                InfraName  = 'edge-01'
                StartedAt  = [DateTimeOffset]'2026-11-22T09:59:58Z'
                FinishedAt = [DateTimeOffset]'2026-11-22T10:00:00Z'
                Apps       = [GitOpsAgent.Core.Reports.AppOutcome[]]@(
                    (New-Outcome 'web' '✅ healthy' $false @() '3f1c2a9b8e7d'),
                    (New-Outcome 'payments-api' '❌ post-command exited non-zero' $true @('WrongCommit') '9a8b7c6d5e4f'))
                Warnings   = [string[]]@('/etc/gitops-agent/config.toml:3:1: unknown key "intervall" is ignored. Did you mean "interval"?')
            }
        }
        'FleetRow'      = {
            [GitOpsAgent.Core.Monitoring.FleetRow]@{ Source = $script:Source; Device = 'edge-01'; App = 'web'; Status = '✅ healthy'; Commit = '3f1c2a9b8e7d6c5b'; LastUpdated = [DateTimeOffset]'2026-11-22T10:00:00Z' }
            [GitOpsAgent.Core.Monitoring.FleetRow]@{ Source = $script:Source; Device = 'edge-02-rack7'; App = 'payments-api'; Status = '❌ post-command exited non-zero'; Commit = '9a8b7c6d5e4f'; LastUpdated = [DateTimeOffset]'2026-11-20T07:30:00Z'; Stale = $true }
        }
        'PublishResult' = {
            [GitOpsAgent.Core.Monitoring.PublishResult]@{ Source = $script:Source; Branch = 'main-monitoring'; Committed = $true; Pushed = $true; Message = "main-monitoring of $($script:Url): pushed ⚠️ 1 of 2 apps need attention: payments-api (after 1 retry)." }
        }
        'BundleImportResult' = {
            [GitOpsAgent.Core.AirGap.BundleImportResult]@{
                Path         = '/media/usb/edge-01.bundle'
                Device       = 'edge-01'
                ConfigRepo   = "$($script:Url)@main"
                BundledFrom  = 'file:///srv/git/deploy-config.git@main'
                ConfigCommit = '5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9a8b7c6d'
                Status       = '⚠️ 1 of 2 apps need attention: payments-api'
                Apps         = [GitOpsAgent.Core.AirGap.BundledApp[]]@(
                    [GitOpsAgent.Core.AirGap.BundledApp]@{ Name = 'web'; CodeUrl = 'git@github.com:org/web.git'; Commit = '3f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b'; Included = $true },
                    [GitOpsAgent.Core.AirGap.BundledApp]@{ Name = 'payments-api'; CodeUrl = 'git@github.com:org/payments.git'; Commit = '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b'; Included = $false })
            }
        }
        'ConfigFinding' = {
            [GitOpsAgent.Core.Configuration.ConfigFinding]@{ Severity = 'Error'; File = '/srv/deploy-config/edge-01/infra_meta.toml'; Line = 4; Column = 20; App = 'web'; Key = 'web.code_commit_hash'; Message = 'expected a string, found an integer' }
            [GitOpsAgent.Core.Configuration.ConfigFinding]@{ Severity = 'Warning'; File = '/srv/deploy-config/edge-01/infra_meta.toml'; Line = 9; Column = 1; App = 'web'; Key = 'web.heath_check_command'; Message = 'unknown key "heath_check_command" is ignored. Known keys: code_url, code_commit_hash, code_local_path, config_files, pre_updation_command, post_updation_command.' }
        }
        'HistoryEntry'  = {
            [GitOpsAgent.Core.Monitoring.HistoryEntry]@{ Device = 'edge-01'; App = 'web'; Time = [DateTimeOffset]'2026-11-20T07:30:00Z'; Status = '✅ healthy'; Commit = '3f1c2a9b8e7d6c5b'; Source = $script:Source; MonitoringCommit = 'aaaaaaaaaaaa' }
            [GitOpsAgent.Core.Monitoring.HistoryEntry]@{ Device = 'edge-02-rack7'; App = 'payments-api'; Time = [DateTimeOffset]'2026-11-22T10:00:00Z'; Status = '❌ post-command exited non-zero'; Commit = '9a8b7c6d5e4f'; PreviousStatus = '✅ healthy'; PreviousCommit = '1111111aaaaa'; Source = $script:Source; MonitoringCommit = 'bbbbbbbbbbbb' }
        }
        'AgentConfig'   = {
            [GitOpsAgent.Core.Configuration.AgentConfig]@{
                InfraName      = 'edge-01'
                Interval       = 300
                OnStatusChangeCommand = '/usr/local/lib/gitops-agent/alert-webhook.sh'
                MetricsTextfile = '/var/lib/node_exporter/textfile_collector/gitops_agent.prom'
                VerifyCommits  = 'ssh'
                AllowedSigners = '/etc/gitops-agent/allowed_signers'
                GpgKeyring     = '/etc/gitops-agent/signers.gpg'
                SigningKey     = '/etc/gitops-agent/device_signing_key'
                Redact         = [string[]]@('password=\S+', '(?i)api[_-]?key=\w+')
                SourcePath     = '/etc/gitops-agent/config.toml'
                Applications = [GitOpsAgent.Core.Configuration.AgentApplication[]]@(
                    [GitOpsAgent.Core.Configuration.AgentApplication]::new('web', [GitOpsAgent.Core.Configuration.ConfigRepoSource]::Parse($script:Source)),
                    [GitOpsAgent.Core.Configuration.AgentApplication]::new('payments-api', [GitOpsAgent.Core.Configuration.ConfigRepoSource]::Parse('https://git.example.com/finance/deploy-config.git@production')))
            }
        }
    }

    function Get-RenderedView([scriptblock] $Objects, [int] $Width) {
        $text = & $Objects | Out-String -Width $Width
        # Trailing blanks are padding, not content; line ends are the platform's.
        return (($text -replace "`r", '') -split "`n" | ForEach-Object { $_.TrimEnd() }) -join "`n"
    }
}

Describe 'Default views' {
    It 'renders <Case> at <Width> columns as in views/<Case>.<Width>.txt' -ForEach @(
        foreach ($case in 'AppOutcome', 'AppState', 'PassReport', 'FleetRow', 'PublishResult', 'BundleImportResult', 'ConfigFinding', 'HistoryEntry', 'AgentConfig') {
            foreach ($width in 80, 120) { @{ Case = $case; Width = $width } }
        }
    ) {
        $rendered = Get-RenderedView -Objects $script:Cases[$Case] -Width $Width
        $expectedFile = Join-Path $script:ViewsDir "$Case.$Width.txt"
        if ($env:GITOPS_UPDATE_VIEWS -eq '1') {
            Set-Content -LiteralPath $expectedFile -Value $rendered -NoNewline -Encoding utf8NoBOM
        }

        $rendered | Should -Not -Match "`e" -Because 'redirected output carries no ANSI escapes'
        foreach ($line in $rendered -split "`n") {
            $line.Length | Should -BeLessOrEqual $Width -Because "no line may be wider than the $Width columns asked for: '$line'"
        }
        $expected = (Get-Content -LiteralPath $expectedFile -Raw) -replace "`r", ''
        $rendered | Should -BeExactly $expected
    }

    It 'shows every key of the agent config in the AgentConfig view' {
        $rendered = Get-RenderedView -Objects $script:Cases['AgentConfig'] -Width 120
        foreach ($key in [GitOpsAgent.Core.Configuration.Schema.AgentConfigSchema]::Keys) {
            $rendered | Should -Match "(?m)^$($key.PropertyName) +:" -Because "$($key.Name) must be visible to an operator"
        }
    }
}
