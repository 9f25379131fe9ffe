namespace GitOpsAgent.Core.State;

/// <summary>Another pass holds the agent home's lock; the message names the holder.</summary>
public sealed class AgentLockHeldException : Exception
{
    public AgentLockHeldException(string lockFile, string holder)
        : base($"another pass is running: {lockFile} is held by {holder}. Wait for it to finish, or stop it (systemctl stop gitops-agent) before running a pass by hand.")
    {
        LockFile = lockFile;
        Holder = holder;
    }

    public AgentLockHeldException()
    {
        LockFile = string.Empty;
        Holder = string.Empty;
    }

    public AgentLockHeldException(string message)
        : base(message)
    {
        LockFile = string.Empty;
        Holder = string.Empty;
    }

    public AgentLockHeldException(string message, Exception innerException)
        : base(message, innerException)
    {
        LockFile = string.Empty;
        Holder = string.Empty;
    }

    public string LockFile { get; }

    public string Holder { get; }
}
