using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Hosting;

/// <summary>
/// Passes every message on with URL credentials masked (<see cref="SecretRedactor"/>): -Verbose narration names git
/// commands with their URLs, and a journal or a terminal log is read by more people than the agent config.
/// </summary>
public sealed class RedactingHost : IAgentHost
{
    private readonly IAgentHost _inner;

    private RedactingHost(IAgentHost inner) => _inner = inner;

    /// <summary><paramref name="host"/> wrapped once (wrapping a wrapped host returns it as it is).</summary>
    public static IAgentHost Wrap(IAgentHost? host) => host switch
    {
        null => new RedactingHost(NullAgentHost.Instance),
        RedactingHost already => already,
        _ => new RedactingHost(host),
    };

    public void WriteVerbose(string message) => _inner.WriteVerbose(SecretRedactor.Redact(message));

    public void WriteWarning(string message) => _inner.WriteWarning(SecretRedactor.Redact(message));

    public void WriteProgress(string activity, string status, int percentComplete) =>
        _inner.WriteProgress(activity, SecretRedactor.Redact(status), percentComplete);

    public bool ShouldProcess(string target, string action) => _inner.ShouldProcess(SecretRedactor.Redact(target), SecretRedactor.Redact(action));
}
