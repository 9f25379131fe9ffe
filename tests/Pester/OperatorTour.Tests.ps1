#Requires -Version 7.4
# The module as a new operator meets it: help whose examples run, tab completion, -WhatIf/-Confirm wherever the
# machine changes, error records that scripts can catch, pipelines between the cmdlets, and every agent config key
# settable. Real git repos under TestDrive:, the built module from $env:GITOPS_TEST_MODULE.

BeforeDiscovery {
    # The test cases are the module's own cmdlets and help examples, so the module is imported to discover them.
    $manifest = if ($env:GITOPS_TEST_MODULE) { $env:GITOPS_TEST_MODULE } else { Join-Path $PSScriptRoot '../../out/GitOpsAgent/GitOpsAgent.psd1' }
    Import-Module -Name $manifest -Force
    $commands = @(Get-Command -Module GitOpsAgent)
    $changing = @($commands | Where-Object Verb -In 'Set', 'Invoke', 'Publish' | ForEach-Object { @{ Name = $_.Name } })
    $reading = @($commands | Where-Object Verb -In 'Get', 'Test' | ForEach-Object { @{ Name = $_.Name } })
    $examples = foreach ($command in $commands) {
        $index = 0
        foreach ($example in @((Get-Help -Name $command.Name -Full).examples.example)) {
            $index++
            @{ Command = $command.Name; Index = $index; Code = ($example.code | Out-String).Trim() }
        }
    }
}

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    $script:ModuleManifest = if ($env:GITOPS_TEST_MODULE) { $env:GITOPS_TEST_MODULE } else { Join-Path $PSScriptRoot '../../out/GitOpsAgent/GitOpsAgent.psd1' }
    Import-Module -Name $script:ModuleManifest -Force
    . (Join-Path $PSScriptRoot 'GitOpsTestSandbox.ps1')

    $script:Saved = @{}
    foreach ($name in 'GITOPS_AGENT_CONFIG', 'GITOPS_AGENT_HOME', 'VISUAL', 'EDITOR') {
        $script:Saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $script:SavedHome = (Get-PSProvider -PSProvider FileSystem).Home

    # A device with web and api deployed and its report published: what most examples expect to find.
    function New-DeployedDevice {
        $sandbox = New-GitOpsSandbox
        Initialize-TestDevice -Sandbox $sandbox -Apps @('web', 'api') | Out-Null
        Invoke-GitOpsReconcile | Out-Null
        return $sandbox
    }

}

AfterAll {
    foreach ($name in $script:Saved.Keys) {
        [Environment]::SetEnvironmentVariable($name, $script:Saved[$name])
    }
    (Get-PSProvider -PSProvider FileSystem).Home = $script:SavedHome
    Remove-Module -Name GitOpsAgent -Force -ErrorAction SilentlyContinue
}

Describe 'Help examples' {
    It 'gives <Name> at least two examples' -ForEach @($changing + $reading) {
        @((Get-Help -Name $Name -Full).examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'runs example <Index> of <Command> on a real device without an error' -ForEach $examples {
        $sandbox = New-DeployedDevice
        # The examples are written for a device: ./config.toml and . are in the config repo's checkout, ~ holds it.
        Copy-Item -LiteralPath $sandbox.ConfigFile -Destination (Join-Path $sandbox.ConfigWork 'config.toml')
        (Get-PSProvider -PSProvider FileSystem).Home = $sandbox.Work
        $env:VISUAL = ''
        $env:EDITOR = 'true'
        if ($Command -eq 'Import-GitOpsBundle') {
            # What the connected machine made and the operator carried over: in ~ and in the current folder.
            $source = [GitOpsAgent.Core.Configuration.ConfigRepoSource]::Parse("$($sandbox.ConfigUrl)@main")
            $builder = [GitOpsAgent.Core.AirGap.ConfigBundleBuilder]::new([GitOpsAgent.Core.Git.GitClient]::new($null, $null, $null), [GitOpsAgent.Core.Hosting.NullAgentHost]::Instance)
            foreach ($folder in $sandbox.Work, $sandbox.ConfigWork) {
                $builder.Create($source, 'edge-01', (Join-Path $folder 'edge-01.bundle'), $true, [System.Threading.CancellationToken]::None) | Out-Null
            }
        }

        Push-Location -LiteralPath $sandbox.ConfigWork
        try {
            $Error.Clear()
            $null = & ([scriptblock]::Create($Code)) *>&1
            @($Error) | Should -BeNullOrEmpty -Because "example $Index of $Command ($Code) must run cleanly"
        }
        finally {
            Pop-Location
        }
    }
}

Describe 'Tab completion' {
    BeforeAll {
        $script:Sandbox = New-GitOpsSandbox
        Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web', 'api', 'worker') | Out-Null
    }

    It 'completes app names for <_> -Name' -ForEach @('Get-GitOpsApp', 'Invoke-GitOpsReconcile') {
        $line = "$_ -Name w"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Be @('web', 'worker')
    }

    It 'completes configured apps for Set-GitOpsConfig -RemoveApplication' {
        $line = 'Set-GitOpsConfig -RemoveApplication a'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('api')
    }

    It 'completes every agent config key as a Set-GitOpsConfig parameter' {
        $line = 'Set-GitOpsConfig -Monitoring'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain '-MonitoringHistoryRetentionDays'
        $names | Should -Contain '-MonitoringHeartbeatHours'
    }
}

Describe 'Changing the machine asks first' {
    It '<Name> supports -WhatIf and -Confirm' -ForEach $changing {
        $parameters = (Get-Command -Name $Name).Parameters
        $parameters.Keys | Should -Contain 'WhatIf'
        $parameters.Keys | Should -Contain 'Confirm'
    }

    It '<Name> only reads, so it has no -WhatIf' -ForEach $reading {
        (Get-Command -Name $Name).Parameters.Keys | Should -Not -Contain 'WhatIf'
    }

    It 'says under -WhatIf what would change, touches nothing, and reports no failure' {
        $sandbox = New-GitOpsSandbox
        Initialize-TestDevice -Sandbox $sandbox -Apps @('web') | Out-Null
        $outcome = Invoke-GitOpsReconcile -WhatIf -ErrorAction Stop
        $outcome.Healthy | Should -BeFalse -Because '-WhatIf establishes nothing'
        $outcome.Status | Should -BeLike '🔶 would change: *clone*'
        $outcome.NeedsAttention | Should -BeFalse
        Test-Path -LiteralPath (Get-TestAppPath -Sandbox $sandbox -App 'web') | Should -BeFalse
    }
}

Describe 'Errors a script can act on' {
    BeforeEach {
        $script:Sandbox = New-GitOpsSandbox
        Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web', 'api') -Post @{ web = 'exit 3' } | Out-Null
    }

    It 'turns a failing app into a terminating error with -ErrorAction Stop, after the other apps ran' {
        $caught = $null
        try {
            Invoke-GitOpsReconcile -NoPublish -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'GitOps.PostCommandFailed,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidResult'
        $caught.TargetObject.Name | Should -Be 'web'
        $caught.Exception.Message | Should -Match 'web'
    }

    It 'gives each failure a stable id that names the cmdlet' {
        Invoke-GitOpsReconcile -Name 'nope' -NoPublish -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        $failures[0].FullyQualifiedErrorId | Should -Be 'GitOps.AppNotFound,GitOpsAgent.Cmdlets.Commands.InvokeGitOpsReconcileCommand'
    }
}

Describe 'Every agent config key through Set-GitOpsConfig' {
    BeforeEach {
        $script:Sandbox = New-GitOpsSandbox
        Set-TestAgentConfig -Sandbox $script:Sandbox -Apps @('web')
        $env:GITOPS_AGENT_CONFIG = $script:Sandbox.ConfigFile
    }

    It 'has a parameter for every key of the schema, named after its property' {
        $parameters = (Get-Command -Name Set-GitOpsConfig).Parameters
        foreach ($key in [GitOpsAgent.Core.Configuration.Schema.AgentConfigSchema]::Keys | Where-Object SettableAsValue) {
            $parameters.Keys | Should -Contain $key.PropertyName -Because "$($key.Name) must be settable"
            $parameters[$key.PropertyName].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
        }
    }

    It 'sets retention, heartbeat and command timeout, and Get-GitOpsConfig reads them back by the same names' {
        Set-GitOpsConfig -MonitoringHistoryRetentionDays 7 -MonitoringHeartbeatHours 0 -CommandTimeout 900 -Interval 45

        $config = Get-GitOpsConfig
        $config.MonitoringHistoryRetentionDays | Should -Be 7
        $config.MonitoringHeartbeatHours | Should -Be 0
        $config.CommandTimeout | Should -Be 900
        $config.Interval | Should -Be 45
        $text = Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw
        $text | Should -Match '(?m)^monitoring_history_retention_days = 7$'
        $text | Should -Match '(?m)^monitoring_heartbeat_hours = 0$'
        $text | Should -Match '(?m)^command_timeout = 900$'
    }

    It 'refuses a value out of the key''s range before writing' {
        $before = Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw
        { Set-GitOpsConfig -CommandTimeout 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,GitOpsAgent.Cmdlets.Commands.SetGitOpsConfigCommand'
        Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw | Should -Be $before
    }

    It 'takes applications as a hashtable' {
        Set-GitOpsConfig -Application @{ api = "$($script:Sandbox.ConfigUrl)@prod"; worker = "$($script:Sandbox.ConfigUrl)" }

        $apps = (Get-GitOpsConfig).Applications
        ($apps | Where-Object Name -EQ 'api').Source.Branch | Should -Be 'prod'
        ($apps | Where-Object Name -EQ 'worker').Source.Branch | Should -Be 'main'
        $apps.Name | Should -Contain 'web'
    }

    It 'says what is wrong with an application it cannot read' {
        Set-GitOpsConfig -Application @{ api = '' } -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'GitOps.InvalidApplication,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'name=url@branch'
    }

    It 'binds Get-GitOpsConfig by property name: -WhatIf shows no change, and the config copies to another file' {
        $before = Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw

        Get-GitOpsConfig | Set-GitOpsConfig -WhatIf -ErrorAction Stop
        Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw | Should -Be $before
        # Written back for real it is the same file: keys left out stay out, unset optional keys bind as nothing.
        Get-GitOpsConfig | Set-GitOpsConfig -ErrorAction Stop
        Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw | Should -Be $before

        $copy = Join-Path $script:Sandbox.Root 'copy.toml'
        Get-GitOpsConfig | Set-GitOpsConfig -ConfigPath $copy -ErrorAction Stop
        $original = Get-GitOpsConfig
        $copied = Get-GitOpsConfig -ConfigPath $copy
        foreach ($key in [GitOpsAgent.Core.Configuration.Schema.AgentConfigSchema]::Keys | Where-Object SettableAsValue) {
            $copied.($key.PropertyName) | Should -Be $original.($key.PropertyName)
        }
        $copied.Applications.Name | Should -Be $original.Applications.Name
        "$($copied.Applications[0].Source)" | Should -Be "$($original.Applications[0].Source)"
    }

    It 'suggests the nearest key for a misspelt one' {
        $text = (Get-Content -LiteralPath $script:Sandbox.ConfigFile -Raw) -replace '(?m)^interval = 60', 'intervall = 60'
        Set-Content -LiteralPath $script:Sandbox.ConfigFile -Value $text

        Get-GitOpsConfig -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        ($warnings -join "`n") | Should -Match 'unknown key "intervall" is ignored\. Did you mean "interval"\?'
    }
}

Describe 'The fleet view' {
    It 'shows when each device last reported' {
        $sandbox = New-DeployedDevice
        $text = Get-GitOpsStatus -Fleet | Out-String -Width 120
        $text | Should -Match "edge-01 +web +.*$([DateTime]::UtcNow.ToString('yyyy-MM-dd'))"
    }
}
