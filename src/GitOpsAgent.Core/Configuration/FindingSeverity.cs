namespace GitOpsAgent.Core.Configuration;

public enum FindingSeverity
{
    Error,
    Warning,
}
