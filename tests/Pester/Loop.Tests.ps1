#Requires -Version 7.4
# Pester 5 tests of scripts/gitops-agent-loop.ps1: one pass (-Once) against temp repos, and back-off while the
# config repo is unreachable. They run the script in a child pwsh, as systemd does, with the module built in out/.

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'

    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:LoopScript = Join-Path $script:RepoRoot 'scripts/gitops-agent-loop.ps1'
    $script:ModuleManifest = if ($env:GITOPS_TEST_MODULE) { $env:GITOPS_TEST_MODULE } else { Join-Path $script:RepoRoot 'out/GitOpsAgent/GitOpsAgent.psd1' }
    $script:Pwsh = (Get-Process -Id $PID).Path

    function Invoke-TestGit {
        param([string] $Directory, [string[]] $Arguments)
        $output = & git -c user.name=Test -c user.email=test@example.invalid -c init.defaultBranch=main -c commit.gpgsign=false -C $Directory @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) {
            throw "git $($Arguments -join ' ') failed in ${Directory}: $output"
        }
        return $output
    }

    # A bare repo with one commit of the given files; returns the commit.
    function New-TestRepo {
        param([string] $Root, [string] $Name, [hashtable] $Files)
        $bare = Join-Path $Root "remotes/$Name.git"
        $work = Join-Path $Root "work/$Name"
        New-Item -ItemType Directory -Path $bare, $work -Force | Out-Null
        Invoke-TestGit -Directory $bare -Arguments @('init', '--quiet', '--bare', '--initial-branch=main') | Out-Null
        Invoke-TestGit -Directory $work -Arguments @('init', '--quiet', '--initial-branch=main') | Out-Null
        foreach ($relative in $Files.Keys) {
            $path = Join-Path $work $relative
            New-Item -ItemType Directory -Path (Split-Path -Parent $path) -Force | Out-Null
            Set-Content -LiteralPath $path -Value $Files[$relative] -NoNewline
        }
        Invoke-TestGit -Directory $work -Arguments @('add', '--all') | Out-Null
        Invoke-TestGit -Directory $work -Arguments @('commit', '--quiet', '-m', 'first') | Out-Null
        Invoke-TestGit -Directory $work -Arguments @('push', '--quiet', "file://$bare", 'HEAD:main') | Out-Null
        return (Invoke-TestGit -Directory $work -Arguments @('rev-parse', 'HEAD')).Trim()
    }

    # Starts the loop in a child pwsh as systemd does: SIGINT at its default disposition. A test run started from a
    # non-interactive shell's background job inherits SIGINT ignored, and .NET then never sees the signal, so the
    # child is started through perl (Essential on Debian), which restores the default before exec.
    function Start-Loop {
        param([string[]] $Arguments)
        $loopArguments = @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $script:LoopScript, '-ModulePath', $script:ModuleManifest) + $Arguments
        $perl = Get-Command -Name perl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($perl) {
            $info = [System.Diagnostics.ProcessStartInfo]::new($perl.Source)
            foreach ($argument in @('-e', '$SIG{INT} = "DEFAULT"; exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!"', $script:Pwsh) + $loopArguments) {
                $info.ArgumentList.Add($argument)
            }
        }
        else {
            $info = [System.Diagnostics.ProcessStartInfo]::new($script:Pwsh)
            foreach ($argument in $loopArguments) {
                $info.ArgumentList.Add($argument)
            }
        }
        $info.RedirectStandardInput = $true
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $info.Environment['GIT_TERMINAL_PROMPT'] = '0'
        $process = [System.Diagnostics.Process]::Start($info)
        $process.StandardInput.Close()
        return $process
    }
}

Describe 'gitops-agent-loop.ps1' {
    BeforeEach {
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ("gitops-loop-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $root | Out-Null
        $configFile = Join-Path $root 'etc/config.toml'
        $agentHome = Join-Path $root 'home'
        New-Item -ItemType Directory -Path (Split-Path -Parent $configFile) | Out-Null
    }

    AfterEach {
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'runs one pass with -Once, deploys the app and logs with journal priorities' {
        $appCommit = New-TestRepo -Root $root -Name 'web' -Files @{ 'app.txt' = "web v1`n" }
        $appPath = Join-Path $root 'srv/web'
        $infraMeta = "[web]`ncode_url = `"file://$root/remotes/web.git`"`ncode_commit_hash = `"$appCommit`"`ncode_local_path = `"$appPath`"`n"
        New-TestRepo -Root $root -Name 'deploy-config' -Files @{ 'edge-01/infra_meta.toml' = $infraMeta } | Out-Null
        Set-Content -LiteralPath $configFile -Value "infra_name = `"edge-01`"`ninterval = 60`n[applications]`nweb = `"file://$root/remotes/deploy-config.git@main`"`n" -NoNewline

        $loop = Start-Loop -Arguments @('-Once', '-ConfigPath', $configFile, '-AgentHome', $agentHome)
        try {
            $stdout = $loop.StandardOutput.ReadToEndAsync()
            $stderr = $loop.StandardError.ReadToEndAsync()
            $loop.WaitForExit(120000) | Should -BeTrue -Because 'one pass must finish well within two minutes'
            $loop.WaitForExit()

            $loop.ExitCode | Should -Be 0 -Because "stdout: $($stdout.Result) stderr: $($stderr.Result)"
            Join-Path $appPath 'app.txt' | Should -Exist
            $lines = @($stdout.Result -split "`n" | Where-Object { $_ -ne '' })
            $lines | Should -Not -BeNullOrEmpty
            foreach ($line in $lines) {
                $line | Should -Match '^<[3467]>'
            }
            $stdout.Result | Should -Match '<6>pass done: 1 of 1 apps healthy'
            $stdout.Result | Should -Match '<6>web: updated to'
            (& git --git-dir "$root/remotes/deploy-config.git" branch --list 'main-monitoring') | Should -Not -BeNullOrEmpty
        }
        finally {
            if (-not $loop.HasExited) { $loop.Kill($true) }
            $loop.Dispose()
        }
    }

    It 'backs off exponentially while the config repo is unreachable' {
        Set-Content -LiteralPath $configFile -Value "infra_name = `"edge-01`"`n[applications]`nweb = `"file://$root/remotes/missing.git@main`"`n" -NoNewline

        $loop = Start-Loop -Arguments @('-IntervalSeconds', '0.2', '-ConfigPath', $configFile, '-AgentHome', $agentHome)
        try {
            $pattern = 'unreachable in (\d+) pass\(es\) in a row; backing off: next pass in ([0-9.]+) s'
            $found = [System.Collections.Generic.List[string]]::new()
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            $read = $null
            while ($found.Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) {
                # One read at a time: a StreamReader refuses a second while the first is pending.
                if ($null -eq $read) { $read = $loop.StandardOutput.ReadLineAsync() }
                if (-not $read.Wait(1000)) { continue }
                $line = $read.Result
                $read = $null
                if ($null -eq $line) { break }
                if ($line -match $pattern) { $found.Add($line) }
            }

            $found.Count | Should -Be 3 -Because 'three unreachable passes in a row must each log a back-off'
            for ($i = 0; $i -lt 3; $i++) {
                $found[$i] | Should -Match '^<4>'
                $null = $found[$i] -match $pattern
                [int] $Matches[1] | Should -Be ($i + 1)
                $expected = 0.2 * [Math]::Pow(2, $i + 1)
                [double]::Parse($Matches[2], [cultureinfo]::InvariantCulture) | Should -BeGreaterOrEqual ($expected * 0.9 - 0.05)
                [double]::Parse($Matches[2], [cultureinfo]::InvariantCulture) | Should -BeLessOrEqual ($expected * 1.1 + 0.05)
            }
        }
        finally {
            if (-not $loop.HasExited) { $loop.Kill($true) }
            $loop.WaitForExit(10000) | Out-Null
            $loop.Dispose()
        }
    }

    It 'stops on SIGINT, what the unit sends, and logs its finally block' {
        $appCommit = New-TestRepo -Root $root -Name 'web' -Files @{ 'app.txt' = "web v1`n" }
        $infraMeta = "[web]`ncode_url = `"file://$root/remotes/web.git`"`ncode_commit_hash = `"$appCommit`"`ncode_local_path = `"$root/srv/web`"`n"
        New-TestRepo -Root $root -Name 'deploy-config' -Files @{ 'edge-01/infra_meta.toml' = $infraMeta } | Out-Null
        Set-Content -LiteralPath $configFile -Value "infra_name = `"edge-01`"`n[applications]`nweb = `"file://$root/remotes/deploy-config.git@main`"`n" -NoNewline

        $loop = Start-Loop -Arguments @('-IntervalSeconds', '600', '-ConfigPath', $configFile, '-AgentHome', $agentHome)
        try {
            $seen = [System.Text.StringBuilder]::new()
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            $read = $null
            while ([DateTime]::UtcNow -lt $deadline) {
                # One read at a time: a StreamReader refuses a second while the first is pending.
                if ($null -eq $read) { $read = $loop.StandardOutput.ReadLineAsync() }
                if (-not $read.Wait(1000)) { continue }
                $line = $read.Result
                $read = $null
                if ($null -eq $line) { break }
                $null = $seen.AppendLine($line)
                if ($line -match '^<7>next pass in') { break }
            }
            $seen.ToString() | Should -Match '<7>next pass in [0-9]+\.[0-9] s\.' -Because "the loop must be waiting for its next pass; stderr: $(if ($loop.HasExited) { $loop.StandardError.ReadToEnd() })"

            & kill -s INT $loop.Id
            $loop.WaitForExit(30000) | Should -BeTrue -Because 'SIGINT must end the loop promptly, not after the 10-minute wait'
            $rest = if ($null -ne $read) { "$($read.Result)`n" + $loop.StandardOutput.ReadToEnd() } else { $loop.StandardOutput.ReadToEnd() }
            $rest | Should -Match '<6>gitops-agent loop stopped\.'
            Join-Path $root 'srv/web/app.txt' | Should -Exist
        }
        finally {
            if (-not $loop.HasExited) { $loop.Kill($true) }
            $loop.WaitForExit(10000) | Out-Null
            $loop.Dispose()
        }
    }

}
