using System.Globalization;
using System.Runtime.InteropServices;

namespace GitOpsAgent.Core.Unix;

/// <summary>
/// Users, groups and file ownership through libc, without a child process: names are resolved with getpwnam_r and
/// getgrnam_r (so NSS sources such as LDAP count, and it is safe from parallel observers), ownership read with statx
/// (whose layout is the same on every Linux architecture, unlike struct stat) and changed with lchown, which never
/// follows a symlink planted in an app's tree.
/// </summary>
public static partial class UnixAccounts
{
    /// <summary>A user or group name of the portable characters, or a numeric id.</summary>
    public const string NamePattern = "^([A-Za-z_][A-Za-z0-9_.-]{0,31}|[0-9]{1,10})$";

    public const string NameRule = "a user or group name of letters, digits, '_', '.' and '-' (not starting with a digit, '.' or '-', at most 32 characters), or a numeric id";

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;
    private const int ERange = 34;

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && System.Text.RegularExpressions.Regex.IsMatch(name, NamePattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The user named (or numbered) <paramref name="nameOrId"/>; null when this device has no such user.</summary>
    public static UnixAccount? FindUser(string nameOrId)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        var numeric = TryParseId(nameOrId, out var uid);
        for (var length = 16 * 1024; length <= 4 * 1024 * 1024; length *= 4)
        {
            var entry = Marshal.AllocHGlobal(256);
            var strings = Marshal.AllocHGlobal(length);
            try
            {
                var error = numeric
                    ? GetPwUid(uid, entry, strings, (nuint)length, out var result)
                    : GetPwNam(nameOrId, entry, strings, (nuint)length, out result);
                if (error == ERange)
                {
                    continue;
                }

                if (error != 0 || result == IntPtr.Zero)
                {
                    return null;
                }

                // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; char *pw_gecos; char *pw_dir; char *pw_shell; }
                var pointer = IntPtr.Size;
                var name = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, 0)) ?? nameOrId;
                var userId = (uint)Marshal.ReadInt32(entry, 2 * pointer);
                var groupId = (uint)Marshal.ReadInt32(entry, (2 * pointer) + 4);
                var home = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, (3 * pointer) + 8)) ?? "/";
                return new UnixAccount(name, userId, groupId, home);
            }
            finally
            {
                Marshal.FreeHGlobal(strings);
                Marshal.FreeHGlobal(entry);
            }
        }

        return null;
    }

    /// <summary>The id of group <paramref name="nameOrId"/> (a number is taken as it is); null when this device has no such group.</summary>
    public static uint? FindGroupId(string nameOrId)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        if (TryParseId(nameOrId, out var gid))
        {
            return gid;
        }

        for (var length = 16 * 1024; length <= 4 * 1024 * 1024; length *= 4)
        {
            var entry = Marshal.AllocHGlobal(256);
            var strings = Marshal.AllocHGlobal(length);
            try
            {
                var error = GetGrNam(nameOrId, entry, strings, (nuint)length, out var result);
                if (error == ERange)
                {
                    continue;
                }

                // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }
                return error == 0 && result != IntPtr.Zero ? (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size) : null;
            }
            finally
            {
                Marshal.FreeHGlobal(strings);
                Marshal.FreeHGlobal(entry);
            }
        }

        return null;
    }

    /// <summary>Owner, group and mode of <paramref name="path"/> itself (a symlink is not followed).</summary>
    public static UnixFileStatus Stat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxMode | StatxUid | StatxGid, buffer) != 0)
        {
            throw new IOException($"could not read the owner of {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        // struct statx: stx_mask u32, stx_blksize u32, stx_attributes u64, stx_nlink u32, stx_uid u32, stx_gid u32, stx_mode u16.
        var uid = BitConverter.ToUInt32(buffer, 20);
        var gid = BitConverter.ToUInt32(buffer, 24);
        var mode = BitConverter.ToUInt16(buffer, 28) & 0xFFF;
        return new UnixFileStatus(uid, gid, mode);
    }

    /// <summary>Gives <paramref name="path"/> itself (never a symlink's target) to <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static void ChangeOwner(string path, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (LChown(path, uid, gid) != 0)
        {
            throw new IOException($"could not give {path} to {uid}:{gid}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>
    /// Gives <paramref name="root"/> and everything under it to <paramref name="uid"/>:<paramref name="gid"/>. Symlinks
    /// are changed themselves and never entered, so a link to /etc in an app repo cannot hand /etc to the app's user.
    /// </summary>
    public static void ChangeOwnerOfTree(string root, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(root);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var path = pending.Pop();
            var current = Stat(path);
            if (current.Uid != uid || current.Gid != gid)
            {
                ChangeOwner(path, uid, gid);
            }

            var info = new DirectoryInfo(path);
            if (info.LinkTarget is null && info.Exists)
            {
                foreach (var child in Directory.EnumerateFileSystemEntries(path))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static bool TryParseId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    [LibraryImport("libc", EntryPoint = "getpwnam_r", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetPwNam(string name, IntPtr entry, IntPtr strings, nuint length, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "getpwuid_r", SetLastError = true)]
    private static partial int GetPwUid(uint uid, IntPtr entry, IntPtr strings, nuint length, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "getgrnam_r", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetGrNam(string name, IntPtr entry, IntPtr strings, nuint length, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, uint uid, uint gid);
}
