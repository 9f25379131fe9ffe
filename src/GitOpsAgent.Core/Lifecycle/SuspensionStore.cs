using System.Text.Json;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// Apps suspended on this device, one file each under <c>state/suspended/</c>. Written without the agent lock (a
/// suspension must be possible while a pass runs); the pass reads it right before it would change the app.
/// </summary>
public sealed class SuspensionStore(AgentPaths paths)
{
    public void Suspend(AppSuspension suspension)
    {
        ArgumentNullException.ThrowIfNull(suspension);
        AtomicFile.WriteAllText(FileFor(suspension.Name), AppSuspensionJson.Write(suspension));
    }

    /// <summary>Lifts the device's suspension of the app; false when it had none.</summary>
    public bool Resume(string appName)
    {
        var file = FileFor(appName);
        if (!File.Exists(file))
        {
            return false;
        }

        File.Delete(file);
        return true;
    }

    /// <summary>The device's suspension of the app, or null; one that expired is lifted here and returned as null.</summary>
    public AppSuspension? Active(string appName, DateTimeOffset now)
    {
        var suspension = Read(appName);
        if (suspension is null || !suspension.ExpiredAt(now))
        {
            return suspension;
        }

        Resume(appName);
        return null;
    }

    public AppSuspension? Read(string appName)
    {
        var file = FileFor(appName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return AppSuspensionJson.Read(File.ReadAllText(file));
        }
        catch (JsonException)
        {
            // A suspension that cannot be read still means an operator wanted the app left alone.
            return new AppSuspension { Name = appName, Reason = $"suspended on this device ({file} cannot be read; resume and suspend again to rewrite it)" };
        }
    }

    private string FileFor(string appName) => Path.Combine(paths.Suspensions, Uri.EscapeDataString(appName) + ".json");
}
