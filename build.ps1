#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the GitOps Agent PowerShell module and the gitops-agent command.

.DESCRIPTION
    Tasks:
      Build    compile the solution and assemble a loadable module folder in out/GitOpsAgent/
      Assemble assemble the module folder from an existing build (-ModuleOutput chooses where)
      Test     Build, then dotnet test: the xunit tests and every Pester suite, the Pester ones under this pwsh
      Unit     dotnet test only (xunit and Pester), without assembling out/
      Pester   Build, then the Pester suites only, in this pwsh with its own Pester 5
      Package  Build, then out/GitOpsAgent-<version>.zip and the gitops-agent command in out/gitops-agent/.
               The module's DLLs and the command are compiled ReadyToRun for -Runtime (default: this machine's
               OS and CPU) and the runtime of -ReadyToRunFramework (default net10.0): the IL stays net8.0 and
               runs anywhere .NET 8+ does, and on that runtime it starts without JIT-compiling most of itself.
               -NoReadyToRun packages IL only. With -NativeAot the command is one self-contained executable
               for -Runtime: no .NET runtime needed on the device, about 20 MiB peak RSS at 300 apps
      Docs     rewrite what is generated from the key schemas: README key tables, schema/*.json, the config template
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

.EXAMPLE
    pwsh ./build.ps1 -Task Package -ReadyToRunFramework net8.0   # for devices whose pwsh or dotnet is .NET 8
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Assemble', 'Test', 'Unit', 'Pester', 'Package', 'Docs', 'Demo', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where Build and Assemble put the module folder; Package zips it from there.
    [string] $ModuleOutput = '',

    # Package: publish the gitops-agent command with NativeAOT (needs the platform linker, e.g. clang).
    [switch] $NativeAot,

    # Package: the OS and CPU the ReadyToRun code and the NativeAOT executable are compiled for.
    [string] $Runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier,

    # Package: the .NET whose runtime uses the ReadyToRun code. A runtime of another major version ignores it
    # (ReadyToRun formats differ: .NET 10 rejects .NET 8's) and JIT-compiles the IL, as with -NoReadyToRun.
    [ValidateSet('net10.0', 'net8.0')]
    [string] $ReadyToRunFramework = 'net10.0',

    # Package: IL only, no ReadyToRun code (smaller files, slower start).
    [switch] $NoReadyToRun
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleOutput = if ($ModuleOutput) { [System.IO.Path]::GetFullPath($ModuleOutput, (Get-Location).Path) } else { Join-Path $OutDir 'GitOpsAgent' }
$Solution = Join-Path $RepoRoot 'GitOpsAgent.sln'
$CmdletsProject = Join-Path $RepoRoot 'src/GitOpsAgent.Cmdlets/GitOpsAgent.Cmdlets.csproj'
$CliProject = Join-Path $RepoRoot 'src/GitOpsAgent.Cli/GitOpsAgent.Cli.csproj'
$ReadyToRunProject = Join-Path $RepoRoot 'build/ReadyToRun/GitOpsAgent.ReadyToRun.csproj'

# The module folder is assembled from this explicit list, so nothing stray ships.
# Paths are relative to the cmdlets project's build output, except those marked 'repo:'.
$ModuleFiles = @(
    'GitOpsAgent.dll'
    'GitOpsAgent.Core.dll'
    'GitOpsAgent.Toml.dll'
    'repo:GitOpsAgent.psd1'
    'repo:src/GitOpsAgent.Cmdlets/GitOpsAgent.Format.ps1xml'
    'repo:src/GitOpsAgent.Cmdlets/en-US/GitOpsAgent.dll-Help.xml'
    'repo:schema/agent-config.schema.json'
    'repo:schema/infra-meta.schema.json'
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
        Where-Object { $_.Version -ge [version]'5.0.0' -and $_.Version -lt [version]'6.0.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        throw "Prerequisite missing: Pester 5 is not installed. Run: Install-Module Pester -MinimumVersion 5.5 -MaximumVersion 5.99 -Scope CurrentUser -Force, or use the repo's own pwsh, which has it: dotnet build tests/PwshHost, then tests/PwshHost/bin/Debug/net10.0/pwsh ./build.ps1 -Task Test"
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
    Invoke-AssembleTask
}

# Copies the module's files from the cmdlets project's build output into $ModuleOutput. The tests assemble the
# module they run with this same task, so what Pester tests is what Package ships.
function Invoke-AssembleTask {
    $builtDir = Join-Path $RepoRoot "src/GitOpsAgent.Cmdlets/bin/$Configuration/net8.0"

    # Check every listed file before touching the module folder, so a failure never leaves it half-built.
    $sources = foreach ($entry in $ModuleFiles) {
        if ($entry.StartsWith('repo:')) {
            $relative = $entry.Substring(5)
            $path = Join-Path $RepoRoot $relative
        }
        else {
            $relative = $entry
            $path = Join-Path $builtDir $entry
        }
        if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
            throw "Build output incomplete: '$path' is missing. Build first: dotnet build GitOpsAgent.sln -c $Configuration (or ./build.ps1 -Task Build)."
        }
        # Help lives in a culture folder (en-US/); everything else goes to the module root.
        $parent = Split-Path -Parent $relative
        $culture = if ($parent) { Split-Path -Leaf $parent } else { '' }
        [pscustomobject]@{ Source = $path; Name = (Split-Path -Leaf $relative); Culture = $culture }
    }

    Write-Step "Assembling $ModuleOutput"
    if (Test-Path -LiteralPath $ModuleOutput) {
        Remove-Item -LiteralPath $ModuleOutput -Recurse -Force
    }
    New-Item -ItemType Directory -Path $ModuleOutput | Out-Null
    foreach ($file in $sources) {
        $destinationDir = $ModuleOutput
        if ($file.Culture -eq 'en-US') {
            $destinationDir = Join-Path $ModuleOutput 'en-US'
            New-Item -ItemType Directory -Path $destinationDir -Force | Out-Null
        }
        Copy-Item -LiteralPath $file.Source -Destination (Join-Path $destinationDir $file.Name)
    }
    Test-ModuleManifest -Path (Join-Path $ModuleOutput 'GitOpsAgent.psd1') | Out-Null
    Write-Host "Module ready: $ModuleOutput"
}

function Invoke-UnitTask {
    Assert-BuildPrerequisites
    # dotnet test runs xunit and every Pester suite; the Pester suites run under this pwsh unless PWSH names another
    # (without either, under the repo's own tests/PwshHost).
    if (-not $env:PWSH) {
        $env:PWSH = (Get-Process -Id $PID).Path
    }
    Write-Step "Running the tests (xunit, and Pester under $env:PWSH)"
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
    # The suites import the module from here (dotnet test points them at a folder assembled the same way).
    $env:GITOPS_TEST_MODULE = Join-Path $ModuleOutput 'GitOpsAgent.psd1'
    $result = Invoke-Pester -Configuration $configuration
    if ($result.FailedCount -gt 0) {
        throw "$($result.FailedCount) Pester test(s) failed."
    }
}

# Compiles the assemblies in the given folders ReadyToRun (build/ReadyToRun/GitOpsAgent.ReadyToRun.csproj says how and
# why that way) and puts each compiled image back in place of the IL assembly it was made from, in every folder that
# has it. The IL is unchanged: an image carries it, and a runtime that cannot use the precompiled code runs the IL.
function Invoke-ReadyToRun([string[]] $Directories) {
    $work = Join-Path $RepoRoot 'build/ReadyToRun/obj/package'
    $inputDir = Join-Path $work 'input'
    $outputDir = Join-Path $work 'output'
    foreach ($dir in @($inputDir, $outputDir)) {
        if (Test-Path -LiteralPath $dir) {
            Remove-Item -LiteralPath $dir -Recurse -Force
        }
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    foreach ($dir in $Directories) {
        Get-ChildItem -LiteralPath $dir -Filter '*.dll' | Copy-Item -Destination $inputDir -Force
    }
    Write-Step "Compiling ReadyToRun for $Runtime and $ReadyToRunFramework"
    Invoke-Native 'dotnet' @('publish', $ReadyToRunProject, '-c', $Configuration, '-r', $Runtime, '-o', $outputDir,
        "-p:ReadyToRunInput=$inputDir", "-p:ReadyToRunFramework=$ReadyToRunFramework", '-nologo', '-v', 'minimal')
    foreach ($dir in $Directories) {
        foreach ($assembly in Get-ChildItem -LiteralPath $dir -Filter '*.dll') {
            $compiled = Join-Path $outputDir $assembly.Name
            if (-not (Test-Path -LiteralPath $compiled -PathType Leaf)) {
                throw "ReadyToRun compilation produced no $($assembly.Name) in $outputDir."
            }
            Copy-Item -LiteralPath $compiled -Destination $assembly.FullName -Force
        }
    }
}

function Invoke-PackageTask {
    $manifest = Import-PowerShellDataFile -Path (Join-Path $RepoRoot 'GitOpsAgent.psd1')
    $version = $manifest.ModuleVersion
    $zip = Join-Path $OutDir "GitOpsAgent-$version.zip"
    $commandDir = Join-Path $OutDir 'gitops-agent'
    # A JIT build and a NativeAOT build must not mix in one folder: install.sh tells them apart by gitops-agent.dll.
    if (Test-Path -LiteralPath $commandDir) {
        Remove-Item -LiteralPath $commandDir -Recurse -Force
    }

    $publish = @('publish', $CliProject, '-c', $Configuration, '-o', $commandDir, '-nologo', '-v', 'minimal')
    if ($NativeAot) {
        Write-Step "Publishing the gitops-agent command with NativeAOT for $Runtime"
        $publish += @('-r', $Runtime, '-p:PublishAot=true')
    }
    else {
        Write-Step 'Publishing the gitops-agent command'
    }

    Invoke-Native 'dotnet' $publish
    if (-not $NoReadyToRun) {
        # The NativeAOT command is already native code; the module is precompiled either way.
        $compile = if ($NativeAot) { @($ModuleOutput) } else { @($ModuleOutput, $commandDir) }
        Invoke-ReadyToRun -Directories $compile
    }

    Write-Step "Packaging $zip"
    if (Test-Path -LiteralPath $zip) {
        Remove-Item -LiteralPath $zip -Force
    }
    # ZipFile, not Compress-Archive: that is a gallery module, missing from a pwsh built from the SDK.
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::CreateFromDirectory($ModuleOutput, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $true)

    # The man page and the bash completion come from the command's own definition, so they match what it parses.
    $command = if ($NativeAot) { @(Join-Path $commandDir 'gitops-agent') } else { @('dotnet', (Join-Path $commandDir 'gitops-agent.dll')) }
    foreach ($generated in @(@('man-page', 'gitops-agent.1'), @('completion bash', 'gitops-agent.bash-completion'))) {
        $arguments = @($command | Select-Object -Skip 1) + ($generated[0] -split ' ')
        $text = & $command[0] @arguments
        if ($LASTEXITCODE -ne 0) {
            throw "gitops-agent $($generated[0]) failed with exit code $LASTEXITCODE."
        }
        Set-Content -LiteralPath (Join-Path $commandDir $generated[1]) -Value ($text -join "`n") -Encoding utf8NoBOM
    }
    Write-Host "Packages ready in $OutDir"
}

# The generated files are checked by GeneratedDocsTests; with GITOPS_UPDATE_DOCS=1 the same tests rewrite them.
function Invoke-DocsTask {
    Assert-BuildPrerequisites
    Write-Step 'Rewriting the files generated from the key schemas'
    $env:GITOPS_UPDATE_DOCS = '1'
    try {
        Invoke-Native 'dotnet' @('test', (Join-Path $RepoRoot 'tests/Unit/GitOpsAgent.Tests.Unit.csproj'), '-c', $Configuration, '-nologo', '--filter', 'FullyQualifiedName~GeneratedDocsTests')
    }
    finally {
        Remove-Item -Path Env:GITOPS_UPDATE_DOCS -ErrorAction SilentlyContinue
    }
    & git -C $RepoRoot status --short -- README.md schema scripts/config.template.toml examples
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
        'Assemble' { Invoke-AssembleTask }
        'Unit' { Invoke-UnitTask }
        'Pester' { Assert-PesterPrerequisites | Out-Null; Invoke-BuildTask; Invoke-PesterTask }
        'Test' { Invoke-BuildTask; Invoke-UnitTask }
        'Package' { Invoke-BuildTask; Invoke-PackageTask }
        'Docs' { Invoke-DocsTask }
        'Demo' { Assert-BuildPrerequisites; Invoke-Native 'dotnet' @('run', '--project', $CliProject, '--', 'demo') }
        'Clean' { Invoke-CleanTask }
    }
}
