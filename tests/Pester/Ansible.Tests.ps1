#Requires -Version 7.4
# examples/ansible/reconcile.yml run for real: ansible-playbook against localhost (connection: local) on a sandbox
# device (bare config and app repos over file://). The playbook's pwsh is this pwsh and its module the one under
# test, both handed over through the playbook's own variables (gitops_pwsh, gitops_module, gitops_environment),
# the way an operator would set them in an inventory. Skipped, with the reason, when ansible-playbook is missing.

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'

    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Playbook = Join-Path $script:RepoRoot 'examples/ansible/reconcile.yml'
    $script:ModuleManifest = if ($env:GITOPS_TEST_MODULE) { $env:GITOPS_TEST_MODULE } else { Join-Path $script:RepoRoot 'out/GitOpsAgent/GitOpsAgent.psd1' }
    $script:Pwsh = (Get-Process -Id $PID).Path
    . (Join-Path $PSScriptRoot 'GitOpsTestSandbox.ps1')

    # Runs a program with a timeout; kills it (and its children) when the timeout passes. Variables named in
    # -Unset are removed from its environment.
    function Invoke-TimedProcess {
        param(
            [Parameter(Mandatory)] [string] $FilePath,
            [string[]] $ArgumentList = @(),
            [string] $WorkingDirectory = (Get-Location).Path,
            [hashtable] $Environment = @{},
            [string[]] $Unset = @(),
            [int] $TimeoutSeconds = 60
        )
        $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
        foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
        $info.WorkingDirectory = $WorkingDirectory
        $info.RedirectStandardInput = $true
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        foreach ($name in $Unset) { $info.Environment.Remove($name) | Out-Null }
        foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
        $process = [System.Diagnostics.Process]::Start($info)
        try {
            $process.StandardInput.Close()
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
                $process.Kill($true)
                $process.WaitForExit(10000) | Out-Null
                throw "$FilePath $($ArgumentList -join ' ') did not finish within $TimeoutSeconds s. stdout: $($stdout.Result) stderr: $($stderr.Result)"
            }
            $process.WaitForExit()
            return [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
        }
        finally {
            $process.Dispose()
        }
    }

    $script:NoAnsible = if (-not (Get-Command -Name 'ansible-playbook' -CommandType Application -ErrorAction SilentlyContinue)) {
        'ansible-playbook is not on PATH (install ansible-core: apt-get install ansible-core, or pip install ansible-core; .ci/run installs it when it runs as root)'
    }
    if ($script:NoAnsible) {
        return
    }

    # The python ansible itself runs on ("python version = ... (/usr/bin/python3)"), so the local "remote" side
    # needs no interpreter discovery and prints no discovery warning.
    $version = Invoke-TimedProcess -FilePath 'ansible-playbook' -ArgumentList @('--version') -TimeoutSeconds 60
    $script:AnsibleVersion = ($version.StdOut -split "`n" | Select-Object -First 1).Trim()
    $script:AnsiblePython = if ($version.StdOut -match '(?m)python version = .*\((/[^)]+)\)\s*$') { $Matches[1] } else { $null }
    if (-not $script:AnsiblePython) {
        $shebang = Get-Content -LiteralPath (Get-Command -Name 'ansible-playbook' -CommandType Application | Select-Object -First 1).Source -TotalCount 1
        $script:AnsiblePython = ($shebang -replace '^#!\s*', '' -split '\s+' | Where-Object { $_ -notmatch '/env$' } | Select-Object -First 1)
    }

    # How the play's "become: true" is satisfied here. With connection: local the connecting user is the current
    # user, and Ansible skips become altogether when that user is already the become user (root), so as root the
    # test sets ANSIBLE_BECOME_ALLOW_SAME_USER: the pass then really runs through the become plugin's wrapper
    # (environment and all), root to root:
    #  - as root with sudo: sudo, Ansible's default method.
    #  - as root without sudo (slim CI containers): su, which lets root become root without a password (pam_rootok).
    #  - not root, passwordless sudo: sudo, a real escalation to root.
    #  - not root, no passwordless sudo: become would wait for a password, so it is switched off with
    #    ansible_become=false and the play runs as the current user; what is tested is then the play's pass and
    #    its reporting, not privilege escalation (the line printed below says which case ran).
    $isRoot = (& id -u) -eq '0'
    $hasSudo = [bool](Get-Command -Name 'sudo' -CommandType Application -ErrorAction SilentlyContinue)
    $script:BecomeVars = if ($isRoot -and $hasSudo) {
        @{ ansible_become_method = 'sudo' }
    }
    elseif ($isRoot) {
        @{ ansible_become_method = 'su' }
    }
    elseif ($hasSudo -and (Invoke-TimedProcess -FilePath 'sudo' -ArgumentList @('-n', 'true') -TimeoutSeconds 30).ExitCode -eq 0) {
        @{ ansible_become_method = 'sudo' }
    }
    else {
        @{ ansible_become = $false }
    }
    $script:AnsibleEnvironment = @{
        ANSIBLE_NOCOLOR             = '1'
        ANSIBLE_STDOUT_CALLBACK     = 'default'
        ANSIBLE_RETRY_FILES_ENABLED = 'False'
        ANSIBLE_BECOME_ALLOW_SAME_USER = if ($isRoot) { 'True' } else { 'False' }
    }
    Write-Host "Ansible: $script:AnsibleVersion, python $script:AnsiblePython, become: $(($script:BecomeVars.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', '), ANSIBLE_BECOME_ALLOW_SAME_USER=$($script:AnsibleEnvironment.ANSIBLE_BECOME_ALLOW_SAME_USER)"

    # Writes a YAML inventory (JSON is YAML) with localhost in group edge and the playbook's variables as group
    # vars, as an operator would set them, and runs the playbook against it. GITOPS_AGENT_* are removed from
    # ansible-playbook's own environment, so the device is reached only through gitops_environment.
    function Invoke-ReconcilePlaybook {
        param([Parameter(Mandatory)] $Sandbox)
        $hostVars = @{
            ansible_connection         = 'local'
            ansible_python_interpreter = $script:AnsiblePython
        } + $script:BecomeVars
        $inventory = @{
            edge = @{
                hosts = @{ localhost = $hostVars }
                vars  = @{
                    gitops_pwsh        = $script:Pwsh
                    gitops_module      = $script:ModuleManifest
                    gitops_environment = @{
                        GITOPS_AGENT_CONFIG = $Sandbox.ConfigFile
                        GITOPS_AGENT_HOME   = $Sandbox.AgentHome
                        GIT_TERMINAL_PROMPT = '0'
                    }
                }
            }
        }
        $inventoryFile = Join-Path $Sandbox.Root 'inventory.yml'
        $inventory | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $inventoryFile
        $ansibleTemp = Join-Path $Sandbox.Root 'ansible-tmp'
        New-Item -ItemType Directory -Path $ansibleTemp -Force | Out-Null

        $run = Invoke-TimedProcess -FilePath 'ansible-playbook' -ArgumentList @('-i', $inventoryFile, $script:Playbook) `
            -WorkingDirectory $Sandbox.Root -TimeoutSeconds 300 -Unset @('GITOPS_AGENT_CONFIG', 'GITOPS_AGENT_HOME') `
            -Environment ($script:AnsibleEnvironment + @{ ANSIBLE_LOCAL_TEMP = $ansibleTemp; ANSIBLE_REMOTE_TEMP = $ansibleTemp })
        # PLAY RECAP: "localhost : ok=3 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0"
        $recap = [regex]::Match($run.StdOut, '(?m)^localhost\s+:\s+(?<counts>.*)$')
        $counts = @{}
        if ($recap.Success) {
            foreach ($pair in [regex]::Matches($recap.Groups['counts'].Value, '(\w+)=(\d+)')) {
                $counts[$pair.Groups[1].Value] = [int] $pair.Groups[2].Value
            }
        }
        return [pscustomobject]@{
            ExitCode = $run.ExitCode
            Output   = "$($run.StdOut)`n$($run.StdErr)"
            Recap    = $counts
        }
    }
}

Describe 'examples/ansible/reconcile.yml' {
    BeforeEach {
        $script:SavedConfig = $env:GITOPS_AGENT_CONFIG
        $script:SavedHome = $env:GITOPS_AGENT_HOME
        $script:Sandbox = New-GitOpsSandbox
    }

    AfterEach {
        $env:GITOPS_AGENT_CONFIG = $script:SavedConfig
        $env:GITOPS_AGENT_HOME = $script:SavedHome
    }

    It 'deploys the apps on the first run (changed) and changes nothing on the second (ok)' {
        if ($script:NoAnsible) { Set-ItResult -Skipped -Because $script:NoAnsible }
        Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web', 'api') | Out-Null

        $first = Invoke-ReconcilePlaybook -Sandbox $script:Sandbox
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Recap.Count | Should -BeGreaterThan 0 -Because "the play must end with a recap line for localhost: $($first.Output)"
        $first.Recap['changed'] | Should -Be 1 -Because $first.Output
        $first.Recap['failed'] | Should -Be 0 -Because $first.Output
        $first.Output | Should -Match '(?m)^changed: \[localhost\]' -Because 'the pass task itself reports the change'
        foreach ($app in 'web', 'api') {
            Get-Content -LiteralPath (Join-Path (Get-TestAppPath -Sandbox $script:Sandbox -App $app) 'app.txt') | Should -Be "$app v1"
        }
        @(Get-Content -LiteralPath $script:Sandbox.HookLog | Sort-Object) | Should -Be @('post api', 'post web')
        Test-MonitoringBranch -Sandbox $script:Sandbox | Should -BeTrue -Because 'the pass publishes the health report'

        $second = Invoke-ReconcilePlaybook -Sandbox $script:Sandbox
        $second.ExitCode | Should -Be 0 -Because $second.Output
        $second.Recap['changed'] | Should -Be 0 -Because $second.Output
        $second.Recap['failed'] | Should -Be 0 -Because $second.Output
        $second.Recap['ok'] | Should -BeGreaterThan 0 -Because $second.Output
        $second.Output | Should -Match '(?m)^ok: \[localhost\]'
        @(Get-Content -LiteralPath $script:Sandbox.HookLog).Count | Should -Be 2 -Because 'an app in sync runs no hook'
    }

    It 'fails the host and names the app whose post command fails' {
        if ($script:NoAnsible) { Set-ItResult -Skipped -Because $script:NoAnsible }
        Initialize-TestDevice -Sandbox $script:Sandbox -Apps @('web', 'billing') -Post @{ billing = 'exit 3' } | Out-Null

        $run = Invoke-ReconcilePlaybook -Sandbox $script:Sandbox

        $run.ExitCode | Should -Not -Be 0 -Because $run.Output
        $run.Recap['failed'] | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'fatal: \[localhost\]: FAILED!.*apps need attention: .*billing' -Because $run.Output
        $run.Output | Should -Not -Match 'apps need attention: [^"]*\bweb\b' -Because 'web deployed fine'
        Get-Content -LiteralPath (Join-Path (Get-TestAppPath -Sandbox $script:Sandbox -App 'web') 'app.txt') | Should -Be 'web v1'
    }
}
