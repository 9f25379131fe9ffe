#Requires -Version 7.4
# Pester 5 tests of scripts/install.sh, run with bash into a staging root (--root), from a build-shaped folder.

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'

    $script:Installer = Join-Path (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path 'scripts/install.sh'

    function Invoke-Installer {
        param([string[]] $Arguments)
        $output = & bash $script:Installer @Arguments 2>&1
        return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
}

Describe 'install.sh --root' {
    BeforeEach {
        $build = Join-Path $TestDrive 'out'
        $root = Join-Path $TestDrive 'root'
        New-Item -ItemType Directory -Path (Join-Path $build 'gitops-agent'), (Join-Path $build 'GitOpsAgent') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $build 'gitops-agent/gitops-agent.dll') -Value 'a built command'
        Set-Content -LiteralPath (Join-Path $build 'GitOpsAgent/GitOpsAgent.psd1') -Value "@{ ModuleVersion = '0.1.0' }"
        $installArguments = @('--root', $root, '--from', $build, '--service', 'cli')
        $installed = @(
            'usr/local/share/powershell/Modules/GitOpsAgent/GitOpsAgent.psd1'
            'usr/local/lib/gitops-agent/bin/gitops-agent.dll'
            'usr/local/lib/gitops-agent/gitops-agent-loop.ps1'
            'usr/local/bin/gitops-agent'
            'etc/systemd/system/gitops-agent.service'
            'etc/systemd/system/gitops-agent-cli.service'
            'etc/systemd/system/gitops-agent-oneshot.service'
            'etc/systemd/system/gitops-agent.timer'
        )
    }

    AfterEach {
        Remove-Item -LiteralPath $root, $build -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'puts every file in place, with the config from the template' {
        $result = Invoke-Installer -Arguments $installArguments

        $result.ExitCode | Should -Be 0 -Because $result.Output
        foreach ($file in $installed) {
            Join-Path $root $file | Should -Exist
        }
        Join-Path $root 'etc/gitops-agent/config.toml' | Should -Exist
        Join-Path $root 'opt/gitops-agent' | Should -Exist
        $result.Output | Should -Match 'systemd was left alone'
    }

    It 'is idempotent: a second run changes nothing and keeps an edited config' {
        (Invoke-Installer -Arguments $installArguments).ExitCode | Should -Be 0
        $config = Join-Path $root 'etc/gitops-agent/config.toml'
        Set-Content -LiteralPath $config -Value 'infra_name = "edge-42"'

        $second = Invoke-Installer -Arguments $installArguments

        $second.ExitCode | Should -Be 0 -Because $second.Output
        $second.Output | Should -Not -Match '(?m)^installed '
        $second.Output | Should -Match 'kept +/etc/gitops-agent/config.toml'
        (Get-Content -LiteralPath $config -Raw).Trim() | Should -Be 'infra_name = "edge-42"'
    }

    It 'uninstalls what it installed and keeps the config and the agent home' {
        (Invoke-Installer -Arguments $installArguments).ExitCode | Should -Be 0
        Set-Content -LiteralPath (Join-Path $root 'opt/gitops-agent/state.json') -Value '{}'

        $result = Invoke-Installer -Arguments @('--root', $root, '--uninstall')

        $result.ExitCode | Should -Be 0 -Because $result.Output
        foreach ($file in $installed) {
            Join-Path $root $file | Should -Not -Exist
        }
        Join-Path $root 'etc/gitops-agent/config.toml' | Should -Exist
        Join-Path $root 'opt/gitops-agent/state.json' | Should -Exist
    }

    It 'installs a NativeAOT build (no gitops-agent.dll), and the command runs it' {
        $nativeBuild = Join-Path $TestDrive 'native'
        $nativeRoot = Join-Path $TestDrive 'native-root'
        $executable = Join-Path $nativeBuild 'gitops-agent/gitops-agent'
        New-Item -ItemType Directory -Path (Split-Path -Parent $executable) -Force | Out-Null
        # A stand-in for the NativeAOT executable that says how it was started.
        Set-Content -LiteralPath $executable -Value @('#!/bin/sh', 'echo "native build: $*"')
        & chmod 0755 $executable

        $result = Invoke-Installer -Arguments @('--root', $nativeRoot, '--from', $nativeBuild, '--service', 'cli')

        $result.ExitCode | Should -Be 0 -Because $result.Output
        Join-Path $nativeRoot 'usr/local/lib/gitops-agent/bin/gitops-agent.dll' | Should -Not -Exist
        $env:GITOPS_AGENT_LIB = Join-Path $nativeRoot 'usr/local/lib/gitops-agent/bin'
        try {
            $output = & sh (Join-Path $nativeRoot 'usr/local/bin/gitops-agent') run --once
            $LASTEXITCODE | Should -Be 0
        }
        finally {
            Remove-Item -Path Env:GITOPS_AGENT_LIB
        }
        $output | Should -Be 'native build: run --once'
    }

    It 'names a missing prerequisite and changes nothing' {
        $result = Invoke-Installer -Arguments @('--root', $root, '--from', (Join-Path $TestDrive 'no-build'))

        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match 'prerequisites are missing'
        $result.Output | Should -Match 'neither \S+/gitops-agent\.dll nor a NativeAOT executable'
        $root | Should -Not -Exist
    }
}
