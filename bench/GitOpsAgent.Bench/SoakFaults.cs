namespace GitOpsAgent.Bench;

/// <summary>The faults the soak injects between passes, each one a thing that happens to real devices.</summary>
public static class SoakFaults
{
    public const string LocalEdit = "local edit";
    public const string LostGit = "lost .git";
    public const string ObjectsDeleted = "objects deleted";
    public const string NewRelease = "new release";
    public const string RemoteGone = "remote gone for a pass";

    public static IReadOnlyList<string> All { get; } = [LocalEdit, LostGit, ObjectsDeleted, NewRelease, RemoteGone];

    /// <summary>Breaks app number <paramref name="app"/> (or its remote) the way <paramref name="fault"/> says.</summary>
    public static void Inject(DeviceWorld world, string fault, int app)
    {
        ArgumentNullException.ThrowIfNull(world);
        switch (fault)
        {
            case LocalEdit:
                File.AppendAllText(Path.Combine(world.AppPath(app), "app.txt"), "edited on the device\n");
                break;
            case LostGit:
                Directory.Delete(Path.Combine(world.AppPath(app), ".git"), recursive: true);
                break;
            case ObjectsDeleted:
                foreach (var file in Directory.EnumerateFiles(Path.Combine(world.AppPath(app), ".git", "objects"), "*", SearchOption.AllDirectories))
                {
                    File.Delete(file);
                }

                break;
            case NewRelease:
                world.Pin(app, world.PushNewAppCommit());
                break;
            case RemoteGone:
                Directory.Move(world.AppRemote, world.AppRemote + ".down");
                break;
            default:
                throw new ArgumentException($"unknown fault {fault}", nameof(fault));
        }
    }

    /// <summary>Undoes <see cref="RemoteGone"/> once the pass without the remote is over.</summary>
    public static void Restore(DeviceWorld world, string fault)
    {
        ArgumentNullException.ThrowIfNull(world);
        if (fault == RemoteGone)
        {
            Directory.Move(world.AppRemote + ".down", world.AppRemote);
        }
    }
}
