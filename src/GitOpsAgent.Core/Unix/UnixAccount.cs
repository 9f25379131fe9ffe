namespace GitOpsAgent.Core.Unix;

/// <summary>A user of this device as the user database knows it: what a hook run as that user needs.</summary>
public sealed record UnixAccount(string Name, uint Uid, uint Gid, string Home);
