using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Monitoring;

/// <summary>
/// Records like <see cref="RecordingHost"/> and runs <paramref name="onVerbose"/> on each narrated line, so a test
/// can act at an exact moment of a publish (another device pushing just before this one does).
/// </summary>
public sealed class HookedHost(Action<string> onVerbose) : IAgentHost
{
    public RecordingHost Recorded { get; } = new();

    public void WriteVerbose(string message)
    {
        Recorded.WriteVerbose(message);
        onVerbose(message);
    }

    public void WriteWarning(string message) => Recorded.WriteWarning(message);

    public void WriteProgress(string activity, string status, int percentComplete)
    {
    }

    public bool ShouldProcess(string target, string action) => true;
}
