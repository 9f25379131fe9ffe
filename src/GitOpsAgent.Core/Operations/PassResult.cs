using GitOpsAgent.Core.Monitoring;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Operations;

/// <summary>One pass and what publishing its health report did (empty when publishing was skipped).</summary>
public sealed record PassResult(PassReport Report, IReadOnlyList<PublishResult> Published);
