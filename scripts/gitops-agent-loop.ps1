#Requires -Version 7.4
<#
.SYNOPSIS
    The GitOps Agent service loop: reconcile, publish, wait, forever. systemd/gitops-agent.service runs it.

.DESCRIPTION
    Each iteration reads the agent config (an edit takes effect at the next pass), runs Invoke-GitOpsReconcile
    (which also publishes the health report to the <branch>-monitoring branches), then waits the config's
    interval plus or minus up to 10% random jitter, so a fleet does not poll in lock-step. While a config repo
    cannot be reached the wait doubles each pass, up to 8 intervals or 1 hour (never less than one interval).

    Every line goes to stdout with its syslog priority in front (<3> error, <4> warning, <6> info, <7> debug),
    which journald reads, so `journalctl -p warning -u gitops-agent` shows only problems.

    Stop it with `systemctl stop gitops-agent` or Ctrl-C: both deliver SIGINT (see KillSignal in the unit), on
    which pwsh stops the running cmdlet between steps and runs this script's finally block. The agent writes
    every file atomically, so even a hard kill never leaves half a file.

    Operators are invited to copy and extend this script: keep it short.

.EXAMPLE
    pwsh -NoProfile -File ./gitops-agent-loop.ps1 -Once
#>
[CmdletBinding()]
param(
    # One pass, then exit: 0 when every app is healthy, 2 when one is not, 1 when the pass could not run.
    [switch] $Once,

    # Seconds between passes; 0 uses the config's interval.
    [ValidateRange(0, 86400)]
    [double] $IntervalSeconds = 0,

    # The agent config; default $env:GITOPS_AGENT_CONFIG, else /etc/gitops-agent/config.toml.
    [string] $ConfigPath = '',

    # The agent home; default $env:GITOPS_AGENT_HOME, else /opt/gitops-agent.
    [string] $AgentHome = '',

    # Where to import the module from; default the installed GitOpsAgent module.
    [string] $ModulePath = 'GitOpsAgent'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$DefaultIntervalSeconds = 300
$MaxBackOffFactor = 8
$MaxBackOffSeconds = 3600
$JitterFraction = 0.1

function Write-Journal([int] $Priority, [string] $Message) {
    # journald makes one entry per line, so every line carries the priority.
    foreach ($line in ($Message.TrimEnd("`n") -split "`n")) {
        [Console]::Out.WriteLine("<$Priority>$line")
    }
    [Console]::Out.Flush()
}

function Get-NextDelaySeconds([double] $Interval, [int] $UnreachableStreak) {
    $delay = $Interval
    if ($UnreachableStreak -gt 0) {
        $cap = [Math]::Max($Interval, [Math]::Min($Interval * $MaxBackOffFactor, $MaxBackOffSeconds))
        $delay = [Math]::Min($Interval * [Math]::Pow(2, [Math]::Min($UnreachableStreak, 30)), $cap)
    }
    $jitter = ((Get-Random -Minimum 0.0 -Maximum 1.0) * 2 - 1) * $JitterFraction
    return $delay * (1 + $jitter)
}

# Runs one pass and returns what the loop needs to know about it.
function Invoke-Pass {
    $result = [pscustomobject]@{ ExitCode = 1; Interval = $script:Interval; Unreachable = $false }

    $common = @{}
    if ($ConfigPath) { $common.ConfigPath = $ConfigPath }
    $config = Get-GitOpsConfig @common -WarningVariable configWarnings -WarningAction SilentlyContinue
    foreach ($warning in $configWarnings) { Write-Journal 4 "$warning" }
    $result.Interval = if ($IntervalSeconds -gt 0) { $IntervalSeconds } else { [double] $config.Interval }

    if ($AgentHome) { $common.AgentHome = $AgentHome }
    $outcomes = @(Invoke-GitOpsReconcile @common -ErrorVariable passErrors -ErrorAction SilentlyContinue -WarningVariable passWarnings -WarningAction SilentlyContinue)

    foreach ($warning in $passWarnings) { Write-Journal 4 "$warning" }
    foreach ($outcome in $outcomes | Where-Object { $_.Healthy -and $_.Changed }) {
        Write-Journal 6 "$($outcome.Name): updated to $($outcome.ActualCommit) ($($outcome.Drift -join ', '))."
    }
    foreach ($record in $passErrors) {
        Write-Journal 3 "$record"
        # A publish that could not reach the remote keeps the report and says so with PendingOffline.
        $target = $record.TargetObject
        $offline = $null -ne $target -and $null -ne $target.PSObject.Properties['PendingOffline'] -and $target.PendingOffline
        if ($offline -or $record.FullyQualifiedErrorId -like 'GitOps.ConfigRepoUnreachable*') {
            $result.Unreachable = $true
        }
    }
    if ($outcomes.Count -eq 0 -and $passErrors.Count -gt 0) {
        return $result
    }

    $unhealthy = @($outcomes | Where-Object { -not $_.Healthy })
    $summary = "pass done: $($outcomes.Count - $unhealthy.Count) of $($outcomes.Count) apps healthy"
    if ($unhealthy.Count -eq 0) {
        Write-Journal 6 "$summary."
        $result.ExitCode = 0
    }
    else {
        Write-Journal 4 "${summary}; need attention: $(($unhealthy | ForEach-Object Name) -join ', ')."
        $result.ExitCode = 2
    }
    return $result
}

$script:Interval = if ($IntervalSeconds -gt 0) { $IntervalSeconds } else { $DefaultIntervalSeconds }
$unreachableStreak = 0
try {
    $module = Import-Module $ModulePath -PassThru | Select-Object -First 1
}
catch {
    Write-Journal 3 "the GitOpsAgent module cannot be imported from '$ModulePath': $($_.Exception.Message) Install it with scripts/install.sh."
    exit 1
}

Write-Journal 6 "gitops-agent loop starting (module $($module.Version), pwsh $($PSVersionTable.PSVersion))."
try {
    while ($true) {
        $exitCode = 1
        try {
            $pass = Invoke-Pass
            $exitCode = $pass.ExitCode
            $script:Interval = $pass.Interval
            $unreachableStreak = if ($pass.Unreachable) { $unreachableStreak + 1 } else { 0 }
        }
        catch {
            # One failed pass (bad config, lock held, a bug) never ends the service: log it and retry next interval.
            Write-Journal 3 "no pass ran: $($_.Exception.Message)"
        }

        if ($Once) {
            exit $exitCode
        }

        $delay = Get-NextDelaySeconds -Interval $script:Interval -UnreachableStreak $unreachableStreak
        $seconds = $delay.ToString('0.0', [cultureinfo]::InvariantCulture)
        if ($unreachableStreak -gt 0) {
            Write-Journal 4 "a config repo was unreachable in $unreachableStreak pass(es) in a row; backing off: next pass in $seconds s."
        }
        else {
            Write-Journal 7 "next pass in $seconds s."
        }
        Start-Sleep -Milliseconds ([int] ($delay * 1000))
    }
}
finally {
    # Reached on Ctrl-C / systemctl stop (SIGINT) as well as on -Once; the agent's own files are always whole.
    Write-Journal 6 'gitops-agent loop stopped.'
}
