namespace GitOpsAgent.Core.Configuration;

/// <summary>What the agent does when applying a new desired state fails (<c>on_failure</c>).</summary>
public enum FailurePolicy
{
    /// <summary>Restore the last state that was healthy on this device, and do not try the failed one again.</summary>
    Rollback,

    /// <summary>Leave the app as the failure left it and try again with back-off (1, 2, 4 … passes, at most an hour).</summary>
    Retry,

    /// <summary>Leave the app as the failure left it and wait for a new desired state or an operator's retry.</summary>
    Hold,
}
