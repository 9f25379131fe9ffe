# Helpers for the module's Pester tests: real git repos (bare remotes over file://) and a device under TestDrive:.
# Dot-sourced from BeforeAll; every function works on the sandbox object it is given, so tests never share state.
Set-StrictMode -Version Latest

function Invoke-TestGit {
    param(
        [string] $Directory,
        [Parameter(Mandatory, ValueFromRemainingArguments)] [string[]] $Arguments
    )
    # A fixed identity, so the tests need no global git config.
    $identity = @('-c', 'user.name=Pester', '-c', 'user.email=pester@example.test', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false')
    if ($Directory) {
        $output = & git -C $Directory @identity @Arguments
    }
    else {
        $output = & git @identity @Arguments
    }
    if ($LASTEXITCODE -ne 0) {
        throw "git $($Arguments -join ' ') failed with exit code $LASTEXITCODE"
    }
    return (($output | Out-String).Trim())
}

function New-GitOpsSandbox {
    param([string] $InfraName = 'edge-01')
    $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 12))
    $sandbox = [pscustomobject]@{
        Root       = $root
        InfraName  = $InfraName
        Remotes    = Join-Path $root 'remotes'
        Work       = Join-Path $root 'work'
        Device     = Join-Path $root 'device'
        AgentHome  = Join-Path $root 'home'
        ConfigFile = Join-Path $root 'etc/config.toml'
        ConfigWork = Join-Path $root 'work/deploy-config'
        ConfigUrl  = 'file://' + (Join-Path $root 'remotes/deploy-config.git')
        HookLog    = Join-Path $root 'hooks.log'
    }
    foreach ($dir in @($sandbox.Remotes, $sandbox.Work, $sandbox.Device, (Split-Path -Parent $sandbox.ConfigFile))) {
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
    }
    Invoke-TestGit -Arguments @('init', '--quiet', '--bare', (Join-Path $sandbox.Remotes 'deploy-config.git')) | Out-Null
    Invoke-TestGit -Arguments @('clone', '--quiet', $sandbox.ConfigUrl, $sandbox.ConfigWork) | Out-Null
    Invoke-TestGit -Directory $sandbox.ConfigWork -Arguments @('checkout', '--quiet', '-b', 'main') | Out-Null
    New-Item -ItemType Directory -Path (Join-Path $sandbox.ConfigWork $InfraName) -Force | Out-Null
    Set-Content -LiteralPath (Join-Path $sandbox.ConfigWork 'README.md') -Value 'deployment config'
    Save-TestConfigRepo -Sandbox $sandbox -Message 'initial config repo'
    return $sandbox
}

function Save-TestConfigRepo {
    param([Parameter(Mandatory)] $Sandbox, [string] $Message = 'update config')
    Invoke-TestGit -Directory $Sandbox.ConfigWork -Arguments @('add', '--all') | Out-Null
    Invoke-TestGit -Directory $Sandbox.ConfigWork -Arguments @('commit', '--quiet', '--allow-empty', '-m', $Message) | Out-Null
    Invoke-TestGit -Directory $Sandbox.ConfigWork -Arguments @('push', '--quiet', 'origin', 'HEAD:main') | Out-Null
}

function Get-TestAppPath {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $App)
    return (Join-Path $Sandbox.Device "srv/$App")
}

# Creates the app's bare remote with one commit; returns the commit id.
function New-TestApp {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $App)
    Invoke-TestGit -Arguments @('init', '--quiet', '--bare', (Join-Path $Sandbox.Remotes "$App.git")) | Out-Null
    $work = Join-Path $Sandbox.Work $App
    Invoke-TestGit -Arguments @('clone', '--quiet', ('file://' + (Join-Path $Sandbox.Remotes "$App.git")), $work) | Out-Null
    Invoke-TestGit -Directory $work -Arguments @('checkout', '--quiet', '-b', 'main') | Out-Null
    return (New-TestAppCommit -Sandbox $Sandbox -App $App -Content "$App v1")
}

function New-TestAppCommit {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $App, [Parameter(Mandatory)] [string] $Content)
    $work = Join-Path $Sandbox.Work $App
    Set-Content -LiteralPath (Join-Path $work 'app.txt') -Value $Content
    Invoke-TestGit -Directory $work -Arguments @('add', '--all') | Out-Null
    Invoke-TestGit -Directory $work -Arguments @('commit', '--quiet', '-m', "app: $Content") | Out-Null
    Invoke-TestGit -Directory $work -Arguments @('push', '--quiet', 'origin', 'HEAD:main') | Out-Null
    return (Invoke-TestGit -Directory $work -Arguments @('rev-parse', 'HEAD'))
}

# Writes <infra>/infra_meta.toml with one section per entry of $Apps (name -> @{ Commit; Post; Extra }) and pushes it.
function Set-TestInfraMeta {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [System.Collections.IDictionary] $Apps)
    $lines = foreach ($name in $Apps.Keys) {
        $app = $Apps[$name]
        "[$name]"
        "code_url = `"file://$(Join-Path $Sandbox.Remotes "$name.git")`""
        "code_commit_hash = `"$($app.Commit)`""
        "code_local_path = `"$(Get-TestAppPath -Sandbox $Sandbox -App $name)`""
        $post = if ($app.Contains('Post')) { $app.Post } else { "echo post $name >> '$($Sandbox.HookLog)'" }
        "post_updation_command = `"$post`""
        if ($app.Contains('Extra')) { $app.Extra }
        ''
    }
    Set-Content -LiteralPath (Join-Path $Sandbox.ConfigWork "$($Sandbox.InfraName)/infra_meta.toml") -Value ($lines -join "`n")
    Save-TestConfigRepo -Sandbox $Sandbox -Message 'update infra_meta.toml'
}

function Set-TestAgentConfig {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string[]] $Apps)
    $lines = @("# test device", "infra_name = `"$($Sandbox.InfraName)`"", 'interval = 60', '', '[applications]')
    $lines += foreach ($app in $Apps) { "$app = `"$($Sandbox.ConfigUrl)@main`"" }
    Set-Content -LiteralPath $Sandbox.ConfigFile -Value ($lines -join "`n")
}

# A device with the given apps declared, deployed by nobody yet; points the agent's environment at it.
function Initialize-TestDevice {
    param([Parameter(Mandatory)] $Sandbox, [string[]] $Apps = @('web'), [hashtable] $Post = @{})
    $declared = [ordered]@{}
    foreach ($app in $Apps) {
        $entry = @{ Commit = (New-TestApp -Sandbox $Sandbox -App $app) }
        if ($Post.ContainsKey($app)) {
            $entry.Post = $Post[$app]
        }
        $declared[$app] = $entry
    }
    Set-TestInfraMeta -Sandbox $Sandbox -Apps $declared
    Set-TestAgentConfig -Sandbox $Sandbox -Apps $Apps
    $env:GITOPS_AGENT_CONFIG = $Sandbox.ConfigFile
    $env:GITOPS_AGENT_HOME = $Sandbox.AgentHome
    return $declared
}

function Test-MonitoringBranch {
    param([Parameter(Mandatory)] $Sandbox)
    $heads = Invoke-TestGit -Arguments @('ls-remote', '--heads', $Sandbox.ConfigUrl, 'main-monitoring')
    return [bool]$heads
}
