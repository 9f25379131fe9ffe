using GitOpsAgent.Core.Hosting;

namespace GitOpsAgent.Cli.Output;

/// <summary>The engine's host for `gitops-agent run`: warnings at warning priority, narration at debug with --verbose.</summary>
internal sealed class JournalHost(JournalLog log, bool verbose) : IAgentHost
{
    public void WriteVerbose(string message)
    {
        if (verbose)
        {
            log.Debug(message);
        }
    }

    public void WriteWarning(string message) => log.Warning(message);

    public void WriteProgress(string activity, string status, int percentComplete)
    {
        if (verbose)
        {
            log.Debug($"{activity}: {status} ({percentComplete}%)");
        }
    }

    public bool ShouldProcess(string target, string action) => true;
}
