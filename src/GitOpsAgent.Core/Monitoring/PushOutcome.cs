namespace GitOpsAgent.Core.Monitoring;

/// <summary>How a push of the monitoring branch ended.</summary>
internal enum PushOutcome
{
    Pushed,

    /// <summary>Another device moved the branch first (non-fast-forward, stale lease, ref lock): redo on the new tip.</summary>
    Raced,

    /// <summary>The remote refused the update for a reason that retrying will not change (a hook, denyNonFastForwards).</summary>
    Refused,

    /// <summary>The remote could not be reached or git failed before the remote answered.</summary>
    Unreachable,
}
