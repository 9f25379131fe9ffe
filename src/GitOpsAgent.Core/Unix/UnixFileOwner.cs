namespace GitOpsAgent.Core.Unix;

/// <summary>A numeric owner and group for a file.</summary>
public readonly record struct UnixFileOwner(uint Uid, uint Gid);
