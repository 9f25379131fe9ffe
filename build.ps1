#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the GitOps Agent PowerShell module and the gitops-agent command.

.DESCRIPTION
    Tasks:
      Build    compile the solution and assemble a loadable module folder in out/GitOpsAgent/
      Test     Build, then the xunit tests, then the Pester tests
      Unit     the xunit tests only
      Pester   Build, then the Pester tests only
      Package  Build, then out/GitOpsAgent-<version>.zip and the gitops-agent command in out/gitops-agent/
               (with -NativeAot: one self-contained executable for this machine's OS and CPU, no .NET
               runtime needed on the device, about 20 MiB peak RSS at 300 apps)
      Demo     run `gitops-agent demo` from source
      Clean    remove out/ and every bin/ and obj/ folder

    Every task checks its prerequisites first and stops with a message naming what is missing,
    before it changes anything.

.EXAMPLE
    pwsh ./build.ps1 -Task Test

.EXAMPLE
    pwsh ./build.ps1 -Task Package -Configuration Release

.EXAMPLE
    pwsh ./build.ps1 -Task Package -NativeAot
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Unit', 'Pester', 'Package', 'Demo', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where Pester writes its counts, for .ci/run: one line "passed failed skipped".
    [string] $PesterCountsFile = '',

    # Package: publish the gitops-agent command with NativeAOT (needs the platform linker, e.g. clang).
    [switch] $NativeAot
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleDir = Join-Path $OutDir 'GitOpsAgent'
$Solution = Join-Path $RepoRoot 'GitOpsAgent.sln'
$CmdletsProject = Join-Path $RepoRoot 'src/GitOpsAgent.Cmdlets/GitOpsAgent.Cmdlets.csproj'
$CliProject = Join-Path $RepoRoot 'src/GitOpsAgent.Cli/GitOpsAgent.Cli.csproj'

# The module folder is assembled from this explicit list, so nothing stray ships.
# Paths are relative to the cmdlets project's publish folder, except those marked 'repo:'.
$ModuleFiles = @(
    'GitOpsAgent.dll'
    'GitOpsAgent.Core.dll'
    'GitOpsAgent.Toml.dll'
    'repo:GitOpsAgent.psd1'
    'repo:src/GitOpsAgent.Cmdlets/GitOpsAgent.Format.ps1xml'
    'repo:src/GitOpsAgent.Cmdlets/en-US/GitOpsAgent.dll-Help.xml'
)

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Assert-Command([string] $Name, [string] $Hint) {
    if (-not (Get-Command -Name $Name -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "Prerequisite missing: '$Name' is not on PATH. $Hint"
    }
}

function Assert-BuildPrerequisites {
    Assert-Command -Name 'dotnet' -Hint 'Install the .NET SDK 8 or later: https://dot.net/download'
    Assert-Command -Name 'git' -Hint 'Install git 2.30 or later (apt-get install git).'
}

function Assert-PesterPrerequisites {
    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        throw "Prerequisite missing: Pester 5 or later is not installed. Run: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser -Force"
    }
    return $pester
}

function Invoke-Native([string] $FilePath, [string[]] $Arguments) {
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    Assert-BuildPrerequisites
    Write-Step "Building $Solution ($Configuration)"
    Invoke-Native 'dotnet' @('build', $Solution, '-c', $Configuration, '-nologo', '-v', 'minimal')

    $publishDir = Join-Path $OutDir "publish/cmdlets"
    Write-Step 'Publishing the cmdlets assembly'
    Invoke-Native 'dotnet' @('publish', $CmdletsProject, '-c', $Configuration, '-o', $publishDir, '-nologo', '-v', 'minimal', '--no-build')

    # Check every listed file before touching the module folder, so a failure never leaves it half-built.
    $sources = foreach ($entry in $ModuleFiles) {
        if ($entry.StartsWith('repo:')) {
            $relative = $entry.Substring(5)
            $path = Join-Path $RepoRoot $relative
        }
        else {
            $relative = $entry
            $path = Join-Path $publishDir $entry
        }
        if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
            throw "Build output incomplete: '$path' is missing. Check the build log above."
        }
        # Help lives in a culture folder (en-US/); everything else goes to the module root.
        $parent = Split-Path -Parent $relative
        $culture = if ($parent) { Split-Path -Leaf $parent } else { '' }
        [pscustomobject]@{ Source = $path; Name = (Split-Path -Leaf $relative); Culture = $culture }
    }

    Write-Step "Assembling $ModuleDir"
    if (Test-Path -LiteralPath $ModuleDir) {
        Remove-Item -LiteralPath $ModuleDir -Recurse -Force
    }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    foreach ($file in $sources) {
        $destinationDir = $ModuleDir
        if ($file.Culture -eq 'en-US') {
            $destinationDir = Join-Path $ModuleDir 'en-US'
            New-Item -ItemType Directory -Path $destinationDir -Force | Out-Null
        }
        Copy-Item -LiteralPath $file.Source -Destination (Join-Path $destinationDir $file.Name)
    }
    Test-ModuleManifest -Path (Join-Path $ModuleDir 'GitOpsAgent.psd1') | Out-Null
    Write-Host "Module ready: $ModuleDir"
}

function Invoke-UnitTask {
    Assert-BuildPrerequisites
    Write-Step 'Running xunit tests'
    Invoke-Native 'dotnet' @('test', $Solution, '-c', $Configuration, '-nologo')
}

function Invoke-PesterTask {
    $pester = Assert-PesterPrerequisites
    Import-Module -Name $pester.Path -Force
    Write-Step "Running Pester $($pester.Version) tests"
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $RepoRoot 'tests/Pester'
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration
    if ($PesterCountsFile) {
        Set-Content -LiteralPath $PesterCountsFile -Value "$($result.PassedCount) $($result.FailedCount) $($result.SkippedCount)"
    }
    if ($result.FailedCount -gt 0) {
        throw "$($result.FailedCount) Pester test(s) failed."
    }
}

function Invoke-PackageTask {
    $manifest = Import-PowerShellDataFile -Path (Join-Path $RepoRoot 'GitOpsAgent.psd1')
    $version = $manifest.ModuleVersion
    $zip = Join-Path $OutDir "GitOpsAgent-$version.zip"
    Write-Step "Packaging $zip"
    if (Test-Path -LiteralPath $zip) {
        Remove-Item -LiteralPath $zip -Force
    }
    Compress-Archive -Path $ModuleDir -DestinationPath $zip
    $commandDir = Join-Path $OutDir 'gitops-agent'
    # A JIT build and a NativeAOT build must not mix in one folder: install.sh tells them apart by gitops-agent.dll.
    if (Test-Path -LiteralPath $commandDir) {
        Remove-Item -LiteralPath $commandDir -Recurse -Force
    }

    $publish = @('publish', $CliProject, '-c', $Configuration, '-o', $commandDir, '-nologo', '-v', 'minimal')
    if ($NativeAot) {
        $runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        Write-Step "Publishing the gitops-agent command with NativeAOT for $runtime"
        $publish += @('-r', $runtime, '-p:PublishAot=true')
    }
    else {
        Write-Step 'Publishing the gitops-agent command'
    }

    Invoke-Native 'dotnet' $publish
    Write-Host "Packages ready in $OutDir"
}

function Invoke-CleanTask {
    Write-Step 'Cleaning'
    if (Test-Path -LiteralPath $OutDir) {
        Remove-Item -LiteralPath $OutDir -Recurse -Force
    }
    Get-ChildItem -Path $RepoRoot -Directory -Recurse -Include 'bin', 'obj' |
        Where-Object { $_.FullName -notlike (Join-Path $RepoRoot '.git*') } |
        Remove-Item -Recurse -Force
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Unit' { Invoke-UnitTask }
        'Pester' { Assert-PesterPrerequisites | Out-Null; Invoke-BuildTask; Invoke-PesterTask }
        'Test' { Assert-PesterPrerequisites | Out-Null; Invoke-BuildTask; Invoke-UnitTask; Invoke-PesterTask }
        'Package' { Invoke-BuildTask; Invoke-PackageTask }
        'Demo' { Assert-BuildPrerequisites; Invoke-Native 'dotnet' @('run', '--project', $CliProject, '--', 'demo') }
        'Clean' { Invoke-CleanTask }
    }
}
