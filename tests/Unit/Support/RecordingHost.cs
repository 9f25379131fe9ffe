using System.Collections.Concurrent;
using GitOpsAgent.Core.Hosting;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>The test's side of the host interface: records what the engine said and answers ShouldProcess.</summary>
public sealed class RecordingHost(bool allowChanges = true) : IAgentHost
{
    public ConcurrentQueue<string> Verbose { get; } = new();

    public ConcurrentQueue<string> Warnings { get; } = new();

    public ConcurrentQueue<string> ShouldProcessTargets { get; } = new();

    public void WriteVerbose(string message) => Verbose.Enqueue(message);

    public void WriteWarning(string message) => Warnings.Enqueue(message);

    public void WriteProgress(string activity, string status, int percentComplete)
    {
    }

    public bool ShouldProcess(string target, string action)
    {
        ShouldProcessTargets.Enqueue(target);
        return allowChanges;
    }
}
