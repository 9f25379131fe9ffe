using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Cli.Demo;

/// <summary>
/// One step of the demo: what the operator changes (<see cref="Arrange"/>), the pass that follows, and what that
/// pass must show (<see cref="Check"/> returns null when it did, else what was wrong).
/// </summary>
internal sealed record DemoStep(string Title, string Story, Action Arrange, string Expected, Func<PassReport, string?> Check);
