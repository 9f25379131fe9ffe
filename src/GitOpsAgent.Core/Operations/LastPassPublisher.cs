using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Operations;

/// <summary>Publishes the last saved pass's health report, for loops that reconcile and publish as separate steps.</summary>
public sealed class LastPassPublisher
{
    private readonly AgentPaths _paths;
    private readonly IAgentHost _host;

    public LastPassPublisher(AgentPaths paths, IAgentHost host)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(host);
        _paths = paths;
        _host = RedactingHost.Wrap(host);
    }

    /// <summary>Throws <see cref="NoPassYetException"/> when there is nothing to publish, <see cref="AgentLockHeldException"/> while a pass runs.</summary>
    public IReadOnlyList<PublishResult> Publish(AgentConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var agentLock = AgentLock.Acquire(_paths);
        var report = LastPassStore.Load(_paths) ?? throw new NoPassYetException(_paths.Home, forPublish: true);
        return new MonitoringPublisher(_paths, new GitClient(host: _host) { Cancellation = cancellationToken }, _host).Publish(config, report, cancellationToken);
    }
}
