using System.Globalization;
using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// Identifies a desired state as a failed attempt remembers it: the app commit, the declaration (commands, config
/// file mappings, health check) and the content of every config file in the config repo. Any change to one of them
/// in git is a new desired state, tried afresh.
/// </summary>
public static class DesiredStateFingerprint
{
    public static string Of(DesiredApp app, string commit, string configClonePath)
    {
        ArgumentNullException.ThrowIfNull(app);
        var text = new StringBuilder(AppliedStateStore.Fingerprint(app, commit)).Append('\n');
        text.Append("health=").Append(app.HealthCheckCommand).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"health-tries={app.HealthCheckRetries} every={app.HealthCheckInterval}\n");
        foreach (var file in app.ConfigFiles)
        {
            var source = ConfigSourcePath.Resolve(configClonePath, file.Source).Path;
            var content = source is not null && File.Exists(source) ? Sha256.HexOf(File.ReadAllBytes(source)) : "missing";
            text.Append("content=").Append(file.Destination).Append(' ').Append(content).Append('\n');
        }

        return Sha256.HexOf(text.ToString());
    }
}
