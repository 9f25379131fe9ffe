#Requires -Version 7.4
<#
.SYNOPSIS
    Runs one Pester file and writes every result as JSON, for the xunit project that reports them one by one.

.DESCRIPTION
    One row per Pester test (its full path of Describe/Context/It names), plus one failed row for each container or
    block whose setup or teardown failed, so an error outside an It (a file that does not load, a BeforeAll that
    throws) is a failing result rather than silence. Pester's own detailed output goes to stdout, which the
    harness keeps for failure messages.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ResultFile,
    [Parameter(Mandatory)] [string] $PesterModule
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module -Name $PesterModule -Force

function Format-PesterError($ErrorRecords) {
    $lines = foreach ($record in @($ErrorRecords)) {
        if ($null -eq $record) { continue }
        $message = if ($record.PSObject.Properties['DisplayErrorMessage']) { $record.DisplayErrorMessage } else { $record.Exception.Message }
        $stack = if ($record.PSObject.Properties['DisplayStackTrace']) { $record.DisplayStackTrace } else { $record.ScriptStackTrace }
        "$message`n$stack".Trim()
    }
    return ($lines -join "`n`n")
}

# Describe › Context › It, from the expanded names (test names hold dots, so ExpandedPath cannot be split).
function Get-DisplayName($Item) {
    $names = [System.Collections.Generic.List[string]]::new()
    $names.Add($Item.ExpandedName)
    $block = if ($Item.PSObject.Properties['Block']) { $Item.Block } else { $Item.Parent }
    while ($null -ne $block -and -not $block.IsRoot) {
        $names.Insert(0, $block.ExpandedName)
        $block = $block.Parent
    }
    return ($names -join ' › ')
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration

# One row per test, per file that did not load and per block whose setup or teardown failed.
function New-Row([string] $Name, [string] $Outcome, $Item) {
    [ordered]@{ Name = $Name; Result = $Outcome; Message = Format-PesterError $Item.ErrorRecord; Seconds = $Item.Duration.TotalSeconds }
}

$rows = [System.Collections.Generic.List[object]]::new()
foreach ($test in $result.Tests) { $rows.Add((New-Row (Get-DisplayName $test) "$($test.Result)" $test)) }
foreach ($container in $result.FailedContainers) { $rows.Add((New-Row '(the file did not load)' 'Failed' $container)) }
foreach ($block in $result.FailedBlocks) { $rows.Add((New-Row "$(Get-DisplayName $block) (setup or teardown)" 'Failed' $block)) }

ConvertTo-Json -InputObject @($rows) -Depth 5 | Set-Content -LiteralPath $ResultFile -Encoding utf8NoBOM
