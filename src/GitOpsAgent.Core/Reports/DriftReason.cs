namespace GitOpsAgent.Core.Reports;

/// <summary>Why an app's device state differs from what the config repo declares.</summary>
public enum DriftReason
{
    NotCloned,
    WrongCommit,
    LocalChanges,
    ConfigFileMissing,
    ConfigFileDiffers,

    /// <summary>A config file has the declared content but not its declared mode, owner or group.</summary>
    ConfigFileMode,
    DesiredStateChanged,
}
