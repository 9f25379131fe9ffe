namespace GitOpsAgent.Core.Unix;

/// <summary>A file's numeric owner and group and its permission bits (the low 12 bits of st_mode), read without following a symlink.</summary>
public readonly record struct UnixFileStatus(uint Uid, uint Gid, int Mode);
