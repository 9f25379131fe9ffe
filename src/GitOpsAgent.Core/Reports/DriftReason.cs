namespace GitOpsAgent.Core.Reports;

/// <summary>Why an app's device state differs from what the config repo declares.</summary>
public enum DriftReason
{
    NotCloned,
    WrongCommit,
    LocalChanges,
    ConfigFileMissing,
    ConfigFileDiffers,
    DesiredStateChanged,
}
