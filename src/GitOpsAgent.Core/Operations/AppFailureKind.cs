namespace GitOpsAgent.Core.Operations;

/// <summary>Why an app failed in a pass, coarse enough for an error category and a stable error id.</summary>
public enum AppFailureKind
{
    /// <summary>The app's declaration cannot be used (bad section, missing folder, colliding paths, unknown commit).</summary>
    InvalidConfig,

    /// <summary>The config repo that declares the app could not be reached.</summary>
    ConfigRepoUnreachable,

    /// <summary>The app repo could not be brought to the pinned commit (unreachable, foreign clone, non-git data).</summary>
    AppUpdateFailed,

    /// <summary>pre_updation_command failed or timed out, so the app was not updated.</summary>
    PreCommandFailed,

    /// <summary>post_updation_command failed or timed out after the update.</summary>
    PostCommandFailed,

    /// <summary>Commit verification refused the config (or app) commit: unsigned, or not signed by an allowed key.</summary>
    UntrustedCommit,

    /// <summary>health_check_command failed after a change, or while the app was in sync.</summary>
    HealthCheckFailed,

    /// <summary>A new desired state failed and the app was rolled back to its last healthy state.</summary>
    RolledBack,

    /// <summary>removal_command of a removed app failed; nothing was moved.</summary>
    RemovalFailed,

    /// <summary>A status the agent does not know (a report written by another version).</summary>
    Unknown,
}
