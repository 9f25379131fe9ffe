using GitOpsAgent.Core.Hosting;

namespace GitOpsAgent.Cli.Output;

/// <summary>The CLI's side of the engine's host interface: narration on stderr with --verbose, warnings always.</summary>
internal sealed class ConsoleHost(TextWriter error, bool verbose, bool dryRun) : IAgentHost
{
    private readonly object _gate = new();

    public void WriteVerbose(string message)
    {
        if (verbose)
        {
            lock (_gate)
            {
                error.WriteLine($"verbose: {message}");
            }
        }
    }

    public void WriteWarning(string message)
    {
        lock (_gate)
        {
            error.WriteLine($"warning: {message}");
        }
    }

    public void WriteProgress(string activity, string status, int percentComplete)
    {
        WriteVerbose($"{activity}: {status} ({percentComplete}%)");
    }

    public bool ShouldProcess(string target, string action) => !dryRun;
}
