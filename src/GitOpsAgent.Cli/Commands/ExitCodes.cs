namespace GitOpsAgent.Cli.Commands;

/// <summary>Exit codes shared by every command, so scripts and systemd can tell the cases apart.</summary>
internal static class ExitCodes
{
    /// <summary>Everything healthy.</summary>
    public const int Success = 0;

    /// <summary>The command could not run at all: bad agent config, lock held, bad arguments.</summary>
    public const int Failure = 1;

    /// <summary>The command ran, but at least one app is not healthy.</summary>
    public const int Unhealthy = 2;
}
