using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Git;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Operations;

/// <summary>
/// A pass as operators run it: check the app names, reconcile, then publish the health report unless told not to.
/// A dry run never publishes, because it did not happen.
/// </summary>
public sealed class ReconcileRunner
{
    private readonly AgentPaths _paths;
    private readonly IAgentHost _host;

    public ReconcileRunner(AgentPaths paths, IAgentHost host)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(host);
        _paths = paths;
        _host = RedactingHost.Wrap(host);
    }

    /// <summary>
    /// The git client the pass syncs config and app repos with, when it is not a plain one: an import's, whose URLs
    /// resolve to the bundle's mirrors. Publishing never uses it, so the report goes to the real remote (or waits).
    /// </summary>
    public GitClient? SyncGit { get; init; }

    public PassResult Run(AgentConfig config, ReconcileOptions options, bool publish, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var unknown = options.Apps.Where(name => config.Applications.All(app => app.Name != name)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UnknownAppException(unknown, config.Applications.Select(app => app.Name).ToList());
        }

        // Publishing too: git's push messages and the report's text are redacted with the operator's patterns.
        using var redaction = Reports.SecretRedactor.UsePatterns(config.Redact);
        var engine = new ReconcileEngine(_paths, _host, SyncGit);
        var report = engine.RunPass(config, options with { Apps = options.Apps.Distinct(StringComparer.Ordinal).ToList() }, cancellationToken);
        if (!publish || report.DryRun)
        {
            return new PassResult(report, []);
        }

        using var agentLock = AgentLock.Acquire(_paths);
        var published = new MonitoringPublisher(_paths, SyncGit is null ? engine.Git : new GitClient(host: _host) { Cancellation = cancellationToken }, _host).Publish(config, report, cancellationToken);
        return new PassResult(report, published);
    }
}
