#Requires -Version 7.4
# The GitOpsAgent module as operators, loops and Ansible use it: imported from out/GitOpsAgent (build.ps1 -Task
# Pester builds it first), every cmdlet against real git repos under TestDrive:.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    # dotnet test assembles the module into a private folder and names it here; build.ps1 -Task Pester uses out/.
    $script:ModuleManifest = if ($env:GITOPS_TEST_MODULE) { $env:GITOPS_TEST_MODULE } else { Join-Path $PSScriptRoot '../../out/GitOpsAgent/GitOpsAgent.psd1' }
    Import-Module -Name $script:ModuleManifest -Force
    . (Join-Path $PSScriptRoot 'GitOpsTestSandbox.ps1')
    $script:Cmdlets = @(
        'Get-GitOpsApp', 'Get-GitOpsConfig', 'Get-GitOpsHistory', 'Get-GitOpsStatus', 'Import-GitOpsBundle', 'Invoke-GitOpsReconcile',
        'Publish-GitOpsStatus', 'Resume-GitOpsApp', 'Set-GitOpsConfig', 'Suspend-GitOpsApp', 'Test-GitOpsDeploymentConfig'
    )
}

AfterAll {
    Remove-Module -Name GitOpsAgent -Force -ErrorAction SilentlyContinue
}

Describe 'GitOpsAgent' {
    BeforeEach {
        $script:SavedConfig = $env:GITOPS_AGENT_CONFIG
        $script:SavedHome = $env:GITOPS_AGENT_HOME
        $script:SavedVisual = $env:VISUAL
        $script:SavedEditor = $env:EDITOR
    }

    AfterEach {
        $env:GITOPS_AGENT_CONFIG = $script:SavedConfig
        $env:GITOPS_AGENT_HOME = $script:SavedHome
        $env:VISUAL = $script:SavedVisual
        $env:EDITOR = $script:SavedEditor
    }

    Describe 'The module' {
        It 'exports exactly the eleven cmdlets' {
            $exported = (Get-Command -Module GitOpsAgent | Sort-Object -Property Name).Name
            $exported | Should -Be ($script:Cmdlets | Sort-Object)
            (Get-Command -Module GitOpsAgent).CommandType | Sort-Object -Unique | Should -Be 'Cmdlet'
        }

        It 'loads the default views' {
            foreach ($type in 'GitOpsAgent.Core.Reports.AppOutcome', 'GitOpsAgent.Core.Operations.AppState', 'GitOpsAgent.Core.Reports.PassReport', 'GitOpsAgent.Core.Configuration.ConfigFinding', 'GitOpsAgent.Core.Monitoring.HistoryEntry', 'GitOpsAgent.Core.Operations.SuspensionState') {
                Get-FormatData -TypeName $type | Should -Not -BeNullOrEmpty -Because "$type needs a readable default view"
            }
        }

        It 'has full offline help for <_>' -ForEach @(
            'Get-GitOpsApp', 'Get-GitOpsConfig', 'Get-GitOpsHistory', 'Get-GitOpsStatus', 'Import-GitOpsBundle', 'Invoke-GitOpsReconcile',
            'Publish-GitOpsStatus', 'Set-GitOpsConfig', 'Test-GitOpsDeploymentConfig'
        ) {
            $help = Get-Help -Name $_ -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -Match '^\s*\S+-\S+\s+\[' -Because 'a generated syntax line means the MAML was not found'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
            $command = Get-Command -Name $_
            $common = @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)
            foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $parameterHelp = $help.parameters.parameter | Where-Object Name -EQ $name
                $parameterHelp | Should -Not -BeNullOrEmpty -Because "-$name needs help"
                ($parameterHelp.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
            }
        }
    }

    Describe 'Get-GitOpsConfig and Set-GitOpsConfig' {
        BeforeEach {
            $script:Sandbox = New-GitOpsSandbox
            $env:GITOPS_AGENT_CONFIG = $script:Sandbox.ConfigFile
        }

        It 'creates a config from the commented template and reads it back' {
            Set-GitOpsConfig -InfraName 'edge-01' -Interval 120 -Application "web=$($script:Sandbox.ConfigUrl)@main"

            $config = Get-GitOpsConfig
            $config | Should -BeOfType ([GitOpsAgent.Core.Configuration.AgentConfig])
            $config.InfraName | Should -Be 'edge-01'
            $config.Interval | Should -Be 120
            $config.Applications.Name | Should -Be 'web'
            Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw | Should -Match '# Seconds between passes'
        }

        It 'keeps comments and untouched lines when it changes the config' {
            $original = @(
                '# rack 4, owned by ops'
                'infra_name = "edge-01"   # the folder in deploy-config'
                ''
                '# poll often'
                'interval = 300'
                ''
                '[applications]'
                '# front end'
                "web = `"$($script:Sandbox.ConfigUrl)@main`""
                "old = `"$($script:Sandbox.ConfigUrl)@legacy`"   # going away"
            ) -join "`n"
            Set-Content -LiteralPath $script:Sandbox.ConfigFile -Value $original -NoNewline

            Set-GitOpsConfig -Interval 60 -RemoveApplication 'old' -Application "api=$($script:Sandbox.ConfigUrl)@prod"

            $text = Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw
            $text | Should -Match ([regex]::Escape('# rack 4, owned by ops'))
            $text | Should -Match ([regex]::Escape('infra_name = "edge-01"   # the folder in deploy-config'))
            $text | Should -Match ([regex]::Escape('# poll often'))
            $text | Should -Match ([regex]::Escape('# front end'))
            $text | Should -Match '(?m)^interval = 60$'
            $text | Should -Not -Match 'going away'
            (Get-GitOpsConfig).Applications.Name | Should -Be @('web', 'api')
        }

        It 'validates before writing: an invalid change is an InvalidData error and the file is untouched' {
            Set-TestAgentConfig -Sandbox $script:Sandbox -Apps @('web')
            $before = Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw

            Set-GitOpsConfig -InfraName 'no/slashes' -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.ConfigInvalid,*'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
            @($failures[0].TargetObject)[0].Key | Should -Be 'infra_name'
            Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw | Should -Be $before
        }

        It 'changes nothing with -WhatIf' {
            Set-TestAgentConfig -Sandbox $script:Sandbox -Apps @('web')
            $before = Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw

            Set-GitOpsConfig -Interval 5 -WhatIf

            Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw | Should -Be $before
        }

        It 'saves a valid -Edit and refuses an invalid one, keeping the original' {
            Set-TestAgentConfig -Sandbox $script:Sandbox -Apps @('web')
            $env:VISUAL = ''
            $env:EDITOR = "sed -i 's/^interval = 60/interval = 90/'"

            Set-GitOpsConfig -Edit

            (Get-GitOpsConfig).Interval | Should -Be 90
            $before = Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw
            $env:EDITOR = "sed -i 's/^interval = 90/interval = 0/'"

            Set-GitOpsConfig -Edit -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
            Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw | Should -Be $before
            $rejected = [regex]::Match($failures[0].Exception.Message, 'kept in (\S+\.toml)').Groups[1].Value
            $rejected | Should -Not -BeNullOrEmpty
            Remove-Item -LiteralPath $rejected -Force
        }

        It 'reports a missing config as InvalidData' {
            Get-GitOpsConfig -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        }
    }

    Describe 'Invoke-GitOpsReconcile' {
        BeforeEach {
            $script:Sandbox = New-GitOpsSandbox
        }

        It 'deploys on the first pass, then reports unchanged, then moves to a new pinned commit' {
            $apps = Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web')
            $appPath = Get-TestAppPath -Sandbox $script:Sandbox -App 'web'

            $first = Invoke-GitOpsReconcile -NoPublish
            $first | Should -BeOfType ([GitOpsAgent.Core.Reports.AppOutcome])
            $first.Name | Should -Be 'web'
            $first.Changed | Should -BeTrue
            $first.Healthy | Should -BeTrue
            $first.ActualCommit | Should -Be $apps['web'].Commit
            Get-Content -LiteralPath (Join-Path $appPath 'app.txt') | Should -Be 'web v1'
            Get-Content -LiteralPath $script:Sandbox.HookLog | Should -Be 'post web'

            $second = Invoke-GitOpsReconcile -NoPublish
            $second.Changed | Should -BeFalse
            @(Get-Content -LiteralPath $script:Sandbox.HookLog).Count | Should -Be 1

            $v2 = New-TestAppCommit -Sandbox $script:Sandbox -App 'web' -Content 'web v2'
            Set-TestInfraMeta -Sandbox $script:Sandbox -Apps ([ordered]@{ web = @{ Commit = $v2 } })
            $third = Invoke-GitOpsReconcile -NoPublish
            $third.Changed | Should -BeTrue
            $third.ActualCommit | Should -Be $v2
            Get-Content -LiteralPath (Join-Path $appPath 'app.txt') | Should -Be 'web v2'
        }

        It 'heals drift: a local change to a tracked file is replaced' {
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web') | Out-Null
            Invoke-GitOpsReconcile -NoPublish | Out-Null
            $file = Join-Path (Get-TestAppPath -Sandbox $script:Sandbox -App 'web') 'app.txt'
            Set-Content -LiteralPath $file -Value 'edited on the device'

            $state = Get-GitOpsApp -Name 'web'
            $state.Drift | Should -Contain 'LocalChanges'
            $state.InSync | Should -BeFalse

            $outcome = Invoke-GitOpsReconcile -Name 'web' -NoPublish
            $outcome.Changed | Should -BeTrue
            $outcome.Drift | Should -Contain ([GitOpsAgent.Core.Reports.DriftReason]::LocalChanges)
            Get-Content -LiteralPath $file | Should -Be 'web v1'
            (Get-GitOpsApp -Name 'web').InSync | Should -BeTrue
        }

        It 'reports a failing hook as an error record for that app and still reconciles the others' {
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web', 'api') -Post @{ web = 'exit 3' } | Out-Null

            $outcomes = Invoke-GitOpsReconcile -NoPublish -ErrorVariable failures -ErrorAction SilentlyContinue

            $outcomes.Count | Should -Be 2
            ($outcomes | Where-Object Name -EQ 'api').Healthy | Should -BeTrue
            ($outcomes | Where-Object Name -EQ 'web').Healthy | Should -BeFalse
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.PostCommandFailed,*'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $failures[0].TargetObject | Should -BeOfType ([GitOpsAgent.Core.Reports.AppOutcome])
            $failures[0].TargetObject.Name | Should -Be 'web'
        }

        It 'changes nothing with -WhatIf but returns the plan' {
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web') | Out-Null

            $plan = Invoke-GitOpsReconcile -WhatIf

            $plan.Name | Should -Be 'web'
            $plan.Changed | Should -BeFalse
            $plan.Steps | Should -Contain 'clone'
            Test-Path -LiteralPath (Get-TestAppPath -Sandbox $script:Sandbox -App 'web') | Should -BeFalse
            Test-Path -LiteralPath $script:Sandbox.HookLog | Should -BeFalse
            Test-Path -LiteralPath (Join-Path $script:Sandbox.AgentHome 'state/last-pass.json') | Should -BeFalse
            Test-MonitoringBranch -Sandbox $script:Sandbox | Should -BeFalse
        }

        It 'publishes the health report unless -NoPublish is given' {
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web') | Out-Null

            Invoke-GitOpsReconcile -NoPublish | Out-Null
            Test-MonitoringBranch -Sandbox $script:Sandbox | Should -BeFalse

            Invoke-GitOpsReconcile | Out-Null
            Test-MonitoringBranch -Sandbox $script:Sandbox | Should -BeTrue
        }

        It 'reports an unknown app as ObjectNotFound and runs nothing' {
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web') | Out-Null

            Invoke-GitOpsReconcile -Name 'nope' -NoPublish -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.AppNotFound,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Test-Path -LiteralPath (Get-TestAppPath -Sandbox $script:Sandbox -App 'web') | Should -BeFalse
        }

        It 'reports a held lock as ResourceBusy' {
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web') | Out-Null
            New-Item -ItemType Directory -Path $script:Sandbox.AgentHome -Force | Out-Null
            $lock = [System.IO.File]::Open((Join-Path $script:Sandbox.AgentHome 'agent.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
            try {
                Invoke-GitOpsReconcile -NoPublish -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            }
            finally {
                $lock.Dispose()
            }

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.LockHeld,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        }

        It 'narrates git steps with -Verbose' {
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web') | Out-Null

            $verbose = Invoke-GitOpsReconcile -NoPublish -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

            ($verbose.Message -join "`n") | Should -Match 'git '
        }
    }

    Describe 'App lifecycle' {
        BeforeEach {
            $script:Sandbox = New-GitOpsSandbox
        }

        It 'suspends and resumes through the pipeline; a suspended app is reported, not changed, and is no error' {
            $apps = Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web', 'api')
            Invoke-GitOpsReconcile -NoPublish | Out-Null

            Get-GitOpsApp -Name web | Suspend-GitOpsApp -Reason 'disk swap' -WhatIf | Should -BeNullOrEmpty
            (Get-GitOpsApp -Name web).Suspended | Should -BeFalse

            $state = Get-GitOpsApp -Name web | Suspend-GitOpsApp -Reason 'disk swap' -Until (Get-Date).AddHours(1)
            $state | Should -BeOfType ([GitOpsAgent.Core.Operations.SuspensionState])
            $state.Suspended | Should -BeTrue
            $state.By | Should -Be 'device'
            $state.Until | Should -Not -BeNullOrEmpty

            $v2 = New-TestAppCommit -Sandbox $script:Sandbox -App 'web' -Content 'web v2'
            Set-TestInfraMeta -Sandbox $script:Sandbox -Apps ([ordered]@{ web = @{ Commit = $v2 }; api = @{ Commit = $apps['api'].Commit } })
            $app = Get-GitOpsApp -Name web
            $app.Suspended | Should -BeTrue
            $app.Suspension.Reason | Should -Be 'disk swap'
            $app.Drift | Should -Contain 'WrongCommit'

            $outcome = Invoke-GitOpsReconcile -Name web -NoPublish -ErrorVariable failures
            $outcome.Status | Should -Be '⏸ suspended: disk swap'
            $outcome.NeedsAttention | Should -BeFalse
            $failures.Count | Should -Be 0
            $outcome.ActualCommit | Should -Be $apps['web'].Commit

            $resumed = Get-GitOpsApp | Where-Object Suspended | Resume-GitOpsApp
            $resumed.Name | Should -Be 'web'
            $resumed.Suspended | Should -BeFalse
            (Invoke-GitOpsReconcile -Name web -NoPublish).ActualCommit | Should -Be $v2
        }

        It 'rolls back a release whose health check fails, holds it, and tries it again only with -Retry' {
            $check = "! grep -q broken app.txt"
            $apps = Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web')
            Set-TestInfraMeta -Sandbox $script:Sandbox -Apps ([ordered]@{ web = @{ Commit = $apps['web'].Commit; Extra = "health_check_command = `"echo check >> '$($script:Sandbox.HookLog)'; true`"" } })
            (Invoke-GitOpsReconcile -NoPublish).Healthy | Should -BeTrue
            $v2 = New-TestAppCommit -Sandbox $script:Sandbox -App 'web' -Content 'web v2 broken'
            $extra = "health_check_command = `"$check`"`nhealth_check_interval = 0`nhealth_check_retries = 1"
            Set-TestInfraMeta -Sandbox $script:Sandbox -Apps ([ordered]@{ web = @{ Commit = $v2; Extra = $extra } })

            $outcome = Invoke-GitOpsReconcile -NoPublish -ErrorVariable failures -ErrorAction SilentlyContinue
            $outcome.Status | Should -BeLike '⏪ rolled back to *: health check failed'
            $outcome.RolledBackTo | Should -Be $apps['web'].Commit
            $outcome.FailedCommit | Should -Be $v2
            $outcome.ActualCommit | Should -Be $apps['web'].Commit
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.RolledBack,*'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $posts = @(Get-Content -LiteralPath $script:Sandbox.HookLog | Where-Object { $_ -eq 'post web' }).Count

            $held = Invoke-GitOpsReconcile -NoPublish -ErrorAction SilentlyContinue
            $held.HeldBack | Should -BeTrue
            @(Get-Content -LiteralPath $script:Sandbox.HookLog | Where-Object { $_ -eq 'post web' }).Count | Should -Be $posts

            $retried = Invoke-GitOpsReconcile -Name web -Retry -NoPublish -ErrorAction SilentlyContinue
            $retried.FailedAttempts | Should -Be 2
            @(Get-Content -LiteralPath $script:Sandbox.HookLog | Where-Object { $_ -eq 'post web' }).Count | Should -BeGreaterThan $posts
        }

        It 'applies a manual app only with -Sync' {
            $apps = Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web')
            Invoke-GitOpsReconcile -NoPublish | Out-Null
            $v2 = New-TestAppCommit -Sandbox $script:Sandbox -App 'web' -Content 'web v2'
            Set-TestInfraMeta -Sandbox $script:Sandbox -Apps ([ordered]@{ web = @{ Commit = $v2; Extra = 'sync = "manual"' } })

            $waiting = Invoke-GitOpsReconcile -NoPublish
            $waiting.Status | Should -Be '🔶 out of sync (manual)'
            $waiting.ActualCommit | Should -Be $apps['web'].Commit
            (Get-GitOpsApp -Name web).Sync | Should -Be 'manual'

            $synced = Invoke-GitOpsReconcile -Name web -Sync -NoPublish
            $synced.Healthy | Should -BeTrue
            $synced.ActualCommit | Should -Be $v2
        }

        It 'says that an app suspended in git cannot be resumed on the device' {
            $apps = Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web')
            Set-TestInfraMeta -Sandbox $script:Sandbox -Apps ([ordered]@{ web = @{ Commit = $apps['web'].Commit; Extra = "suspended = true`nsuspend_reason = `"release freeze`"" } })
            (Invoke-GitOpsReconcile -NoPublish).Status | Should -Be '⏸ suspended: release freeze'

            $state = Resume-GitOpsApp -Name web -ErrorVariable failures -ErrorAction SilentlyContinue
            $state.Suspended | Should -BeTrue
            $state.By | Should -Be 'git'
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.SuspendedInGit,*'
            Suspend-GitOpsApp -Name nope -Reason x -ErrorVariable unknown -ErrorAction SilentlyContinue
            $unknown[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.AppNotFound,*'
        }
    }

    Describe 'Import-GitOpsBundle' {
        BeforeEach {
            $script:Sandbox = New-GitOpsSandbox
        }

        It 'deploys from a bundle once the remotes are out of reach, changes nothing under -WhatIf, and refuses a foreign bundle with a stable id' {
            $apps = Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web')
            $source = [GitOpsAgent.Core.Configuration.ConfigRepoSource]::Parse("$($script:Sandbox.ConfigUrl)@main")
            $builder = [GitOpsAgent.Core.AirGap.ConfigBundleBuilder]::new([GitOpsAgent.Core.Git.GitClient]::new($null, $null, $null), [GitOpsAgent.Core.Hosting.NullAgentHost]::Instance)
            $bundle = Join-Path $script:Sandbox.Root 'edge-01.bundle'
            $builder.Create($source, 'edge-01', $bundle, $true, [System.Threading.CancellationToken]::None) | Out-Null
            New-Item -ItemType Directory -Path (Join-Path $script:Sandbox.ConfigWork 'edge-02') -Force | Out-Null
            Copy-Item (Join-Path $script:Sandbox.ConfigWork 'edge-01/infra_meta.toml') (Join-Path $script:Sandbox.ConfigWork 'edge-02/infra_meta.toml')
            Save-TestConfigRepo -Sandbox $script:Sandbox -Message 'edge-02'
            $foreign = Join-Path $script:Sandbox.Root 'edge-02.bundle'
            $builder.Create($source, 'edge-02', $foreign, $true, [System.Threading.CancellationToken]::None) | Out-Null
            # No path to the remotes from here on: only the bundle can deliver.
            Move-Item -LiteralPath $script:Sandbox.Remotes -Destination (Join-Path $script:Sandbox.Root 'elsewhere')
            $web = Get-TestAppPath -Sandbox $script:Sandbox -App 'web'

            Import-GitOpsBundle -Path $bundle -WhatIf | Out-Null
            Test-Path -LiteralPath $web | Should -BeFalse

            $result = Get-Item -LiteralPath $bundle | Import-GitOpsBundle -NoPublish
            $result | Should -BeOfType ([GitOpsAgent.Core.AirGap.BundleImportResult])
            $result.Device | Should -Be 'edge-01'
            $result.Pass.Apps[0].Status | Should -Be '✅ healthy'
            (Invoke-TestGit -Directory $web -Arguments @('rev-parse', 'HEAD')) | Should -Be $apps['web'].Commit
            ($result | Format-Table | Out-String) | Should -Match 'edge-01'

            Import-GitOpsBundle -Path $foreign -NoPublish -ErrorVariable refused -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.BundleForAnotherDevice*'
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused[0].Exception.Message | Should -BeLike "*edge-02.bundle was made for device 'edge-02'*"
        }
    }

    Describe 'Pipeline binding' {
        BeforeEach {
            $script:Sandbox = New-GitOpsSandbox
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web', 'api') | Out-Null
            Invoke-GitOpsReconcile -NoPublish | Out-Null
        }

        It 'reconciles only the drifted apps: Get-GitOpsApp | Where-Object Drift | Invoke-GitOpsReconcile' {
            Set-Content -LiteralPath (Join-Path (Get-TestAppPath -Sandbox $script:Sandbox -App 'api') 'app.txt') -Value 'hand edit'

            $outcomes = Get-GitOpsApp | Where-Object Drift | Invoke-GitOpsReconcile -NoPublish

            @($outcomes).Count | Should -Be 1
            $outcomes.Name | Should -Be 'api'
            $outcomes.Changed | Should -BeTrue
        }

        It 'binds app names by value and by property name' {
            (@('web') | Invoke-GitOpsReconcile -NoPublish).Name | Should -Be 'web'
            ([pscustomobject]@{ Name = 'api' } | Get-GitOpsApp).Name | Should -Be 'api'
        }

        It 'completes app names from the agent config' {
            $completion = TabExpansion2 -inputScript 'Invoke-GitOpsReconcile -Name a' -cursorColumn 'Invoke-GitOpsReconcile -Name a'.Length
            $completion.CompletionMatches.CompletionText | Should -Be @('api')
        }
    }

    Describe 'Get-GitOpsStatus and Publish-GitOpsStatus' {
        BeforeEach {
            $script:Sandbox = New-GitOpsSandbox
            Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web') | Out-Null
        }

        It 'reports NoPassYet before any pass' {
            Get-GitOpsStatus -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.NoPassYet,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'

            Publish-GitOpsStatus -ErrorVariable publishFailures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $publishFailures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'shows the last pass, publishes it separately, and reads it back across the fleet' {
            Invoke-GitOpsReconcile -NoPublish | Out-Null

            $status = Get-GitOpsStatus
            $status | Should -BeOfType ([GitOpsAgent.Core.Reports.PassReport])
            $status.InfraName | Should -Be 'edge-01'
            $status.AllHealthy | Should -BeTrue
            $status.Apps.Name | Should -Be 'web'

            Publish-GitOpsStatus -WhatIf | Out-Null
            Test-MonitoringBranch -Sandbox $script:Sandbox | Should -BeFalse

            $published = Publish-GitOpsStatus
            $published.Pushed | Should -BeTrue
            $published.Branch | Should -Be 'main-monitoring'
            Test-MonitoringBranch -Sandbox $script:Sandbox | Should -BeTrue

            $fleet = Get-GitOpsStatus -Fleet
            $row = $fleet | Where-Object { $_.Device -eq 'edge-01' -and $_.App -eq 'web' }
            $row | Should -Not -BeNullOrEmpty
            $row.Healthy | Should -BeTrue
        }
    }

    Describe 'Test-GitOpsDeploymentConfig' {
        BeforeEach {
            $script:Repo = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            New-Item -ItemType Directory -Path (Join-Path $script:Repo 'edge-01') -Force | Out-Null
        }

        It 'returns nothing for a valid repo' {
            Set-Content -LiteralPath (Join-Path $script:Repo 'edge-01/infra_meta.toml') -Value "[web]`ncode_url = `"git@github.com:org/web.git`"`ncode_commit_hash = `"3f1c2d4`"`ncode_local_path = `"/srv/web`""

            Test-GitOpsDeploymentConfig -Path $script:Repo | Should -BeNullOrEmpty
        }

        It 'returns findings with file, line and key' {
            Set-Content -LiteralPath (Join-Path $script:Repo 'edge-01/infra_meta.toml') -Value "[web]`ncode_url = `"git@github.com:org/web.git`"`ncode_commit_hash = `"not-a-commit`"`ncode_local_path = `"/srv/web`""

            $findings = @(Test-GitOpsDeploymentConfig -Path $script:Repo -InfraName 'edge-01')

            $findings.Count | Should -Be 1
            $findings[0] | Should -BeOfType ([GitOpsAgent.Core.Configuration.ConfigFinding])
            $findings[0].Severity | Should -Be 'Error'
            $findings[0].File | Should -Be (Join-Path $script:Repo 'edge-01/infra_meta.toml')
            $findings[0].Line | Should -Be 3
            $findings[0].Key | Should -Be 'web.code_commit_hash'
        }

        It 'accepts a PowerShell path and pipeline input by property name' {
            Set-Content -LiteralPath (Join-Path $script:Repo 'edge-01/infra_meta.toml') -Value 'broken ='
            $relative = Join-Path 'TestDrive:' (Split-Path -Leaf $script:Repo)

            @(Test-GitOpsDeploymentConfig -Path $relative).Count | Should -Be 1
            @(Get-Item -LiteralPath $script:Repo | Test-GitOpsDeploymentConfig).Count | Should -Be 1
        }

        It 'reports a missing folder as ObjectNotFound' {
            Test-GitOpsDeploymentConfig -Path (Join-Path $script:Repo 'missing') -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.PathNotFound,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }
}
