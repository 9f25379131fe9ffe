namespace GitOpsAgent.Core.Hosting;

/// <summary>A host that says nothing and allows every change: for library callers that need no narration.</summary>
public sealed class NullAgentHost : IAgentHost
{
    public static NullAgentHost Instance { get; } = new();

    public void WriteVerbose(string message)
    {
    }

    public void WriteWarning(string message)
    {
    }

    public void WriteProgress(string activity, string status, int percentComplete)
    {
    }

    public bool ShouldProcess(string target, string action) => true;
}
