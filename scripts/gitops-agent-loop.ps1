#Requires -Version 7.4
<#
.SYNOPSIS
    The GitOps Agent service loop: reconcile, publish, wait, forever. systemd/gitops-agent.service runs it.

.DESCRIPTION
    Each iteration reads the agent config (an edit takes effect at the next pass), runs Invoke-GitOpsReconcile
    (which also publishes the health report to the <branch>-monitoring branches), then waits the config's
    interval plus or minus up to 10% random jitter, so a fleet does not poll in lock-step. While a config repo
    cannot be reached the wait doubles each pass, up to 8 intervals or 1 hour (never less than one interval).
    That policy is the engine's own (GitOpsAgent.Core.Scheduling.PollSchedule, which `gitops-agent run` uses too),
    so the two loops cannot drift apart.

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

function Write-Journal([int] $Priority, [string] $Message) {
    # journald makes one entry per line, so every line carries the priority.
    foreach ($line in ($Message.TrimEnd("`n") -split "`n")) {
        [Console]::Out.WriteLine("<$Priority>$line")
    }
    [Console]::Out.Flush()
}

# Runs one pass and returns what the loop needs to know about it.
function Invoke-Pass {
    $result = [pscustomobject]@{ ExitCode = 1; Interval = $script:Interval; Ran = $false; RemoteReachable = $true }

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
    }
    if ($outcomes.Count -eq 0 -and $passErrors.Count -gt 0) {
        return $result
    }

    # The pass just saved its report; whether every config repo answered is what the back-off follows.
    $homeArgument = @{}
    if ($AgentHome) { $homeArgument.AgentHome = $AgentHome }
    $report = Get-GitOpsStatus @homeArgument -ErrorAction SilentlyContinue
    $result.Ran = $null -ne $report
    $result.RemoteReachable = $null -eq $report -or $report.RemoteReachable

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
try {
    $module = Import-Module $ModulePath -PassThru | Select-Object -First 1
}
catch {
    Write-Journal 3 "the GitOpsAgent module cannot be imported from '$ModulePath': $($_.Exception.Message) Install it with scripts/install.sh."
    exit 1
}

$schedule = [GitOpsAgent.Core.Scheduling.PollSchedule]::new()
Write-Journal 6 "gitops-agent loop starting (module $($module.Version), pwsh $($PSVersionTable.PSVersion))."
try {
    while ($true) {
        $exitCode = 1
        try {
            $pass = Invoke-Pass
            $exitCode = $pass.ExitCode
            $script:Interval = $pass.Interval
            if ($pass.Ran) { $schedule.RecordPass($pass.RemoteReachable) }
        }
        catch {
            # One failed pass (bad config, lock held, a bug) never ends the service: log it and retry next interval.
            Write-Journal 3 "no pass ran: $($_.Exception.Message)"
        }

        if ($Once) {
            exit $exitCode
        }

        $delay = $schedule.NextDelay([TimeSpan]::FromSeconds($script:Interval)).TotalSeconds
        $seconds = $delay.ToString('0.0', [cultureinfo]::InvariantCulture)
        if ($schedule.UnreachableStreak -gt 0) {
            Write-Journal 4 "a config repo was unreachable in $($schedule.UnreachableStreak) pass(es) in a row; backing off: next pass in $seconds s."
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
