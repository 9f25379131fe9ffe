using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Git;

/// <summary>Why commit verification refused a commit: the status label and the error are both made from these parts.</summary>
public sealed record CommitRefusal(string? Commit, string Reason, string Fix)
{
    /// <summary>"❌ untrusted commit 1a2b3c4d5e6f: it is not signed".</summary>
    public string Label => StatusLabels.Untrusted(Commit is null ? "-" : CommitId.Abbreviate(Commit), Reason);

    /// <summary>The error, with the fix: "commit 1a2b3c4d5e6f: it is not signed. Sign it with …".</summary>
    public string Message => $"commit {(Commit is null ? "-" : CommitId.Abbreviate(Commit))}: {Reason}. {Fix}";
}
