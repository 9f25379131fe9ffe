namespace GitOpsAgent.Core.Configuration;

/// <summary>Whether a pass applies drift by itself (<c>sync = "auto"</c>) or only when an operator asks (<c>"manual"</c>).</summary>
public enum SyncMode
{
    Auto,
    Manual,
}
