using System.Management.Automation;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cmdlets;

/// <summary>
/// What every GitOps cmdlet shares: PowerShell paths resolved through the provider (so TestDrive: and relative
/// paths work), Core work run with host calls marshalled to the pipeline thread, Ctrl-C honoured, and the Core
/// exceptions every cmdlet can meet turned into error records with stable ids and categories.
/// </summary>
public abstract class GitOpsCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _stopping.Dispose();
        }

        _disposed = true;
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>A file-system path from a parameter, resolved the way PowerShell resolves it (PSDrives, $PWD).</summary>
    protected string? ResolvePath(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    protected string ConfigFile(string? configPath) => AgentPaths.ConfigPathFromEnvironment(ResolvePath(configPath));

    protected AgentPaths AgentPathsFor(string? agentHome) => AgentPaths.FromEnvironment(ResolvePath(agentHome));

    protected T RunCore<T>(Func<IAgentHost, CancellationToken, T> work)
    {
        using var host = new PipelineHost(this);
        return host.Run(work, _stopping.Token);
    }

    /// <summary>Runs <paramref name="body"/>; a Core exception every cmdlet can meet becomes a non-terminating error record.</summary>
    protected void Guarded(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            body();
        }
        catch (ConfigurationException ex)
        {
            foreach (var finding in ex.Findings.Where(f => f.Severity == FindingSeverity.Warning))
            {
                WriteWarning(finding.ToString());
            }

            WriteGitOpsError(ex, "GitOps.ConfigInvalid", ErrorCategory.InvalidData, ex.Findings, "Fix the lines named above, then run the command again.");
        }
        catch (AgentLockHeldException ex)
        {
            WriteGitOpsError(ex, "GitOps.LockHeld", ErrorCategory.ResourceBusy, ex.LockFile, "Wait for the running pass to finish, or stop the agent service first.");
        }
        catch (UnknownAppException ex)
        {
            WriteGitOpsError(ex, "GitOps.AppNotFound", ErrorCategory.ObjectNotFound, ex.Names, "Use an app name from Get-GitOpsConfig, or add the app with Set-GitOpsConfig -Application.");
        }
        catch (NoPassYetException ex)
        {
            WriteGitOpsError(ex, "GitOps.NoPassYet", ErrorCategory.ObjectNotFound, ex.Home, "Run Invoke-GitOpsReconcile first.");
        }
        catch (InvalidDataException ex)
        {
            WriteGitOpsError(ex, "GitOps.StateUnreadable", ErrorCategory.InvalidData, null, "Run Invoke-GitOpsReconcile to replace the saved pass.");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected void WriteGitOpsError(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var record = new ErrorRecord(exception, errorId, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
        }

        WriteError(record);
    }

    /// <summary>Writes the non-blocking findings of a loaded config, so unused keys are never silently dropped.</summary>
    protected void WriteConfigWarnings(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var warning in config.Warnings)
        {
            WriteWarning(warning.ToString());
        }
    }
}
