using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Lifecycle;

namespace GitOpsAgent.Core.Operations;

/// <summary>
/// Suspends and resumes apps on this device (Suspend-GitOpsApp, gitops-agent suspend). Needs no lock and no network:
/// the next pass reads the suspension right before it would change the app. A suspension in git is reported, since
/// only git can lift it.
/// </summary>
public sealed class AppSuspender(AgentPaths paths)
{
    private readonly SuspensionStore _store = new(paths);

    public SuspensionState Suspend(AgentConfig config, string name, string reason, DateTimeOffset? until, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        Known(config, name);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRequestException($"a suspension of {name} needs a reason, for the report and the fleet view: --reason 'disk swap' (-Reason).");
        }

        if (until is { } end && end <= now)
        {
            throw new InvalidRequestException($"--until {end:yyyy-MM-ddTHH:mm:ssZ} is not in the future (now is {now:yyyy-MM-ddTHH:mm:ssZ}). Give a later time, with its offset, such as {now.AddHours(2):yyyy-MM-ddTHH:mm}Z.");
        }

        var suspension = new AppSuspension { Name = name, Reason = reason.Trim(), Until = until?.ToUniversalTime(), Since = now, By = AppSuspension.ByDevice };
        _store.Suspend(suspension);
        var ends = until is { } time ? $"until {time.ToUniversalTime():yyyy-MM-dd HH:mm}Z" : "until resumed (gitops-agent resume " + name + ")";
        return State(suspension, $"{name} is suspended on this device {ends}: passes observe and report it but change nothing.");
    }

    public SuspensionState Resume(AgentConfig config, string name)
    {
        ArgumentNullException.ThrowIfNull(config);
        var app = Known(config, name);
        var lifted = _store.Resume(name);
        var git = GitSuspension(config, app);
        if (git is not null)
        {
            return new SuspensionState
            {
                Name = name,
                Suspended = true,
                Reason = git,
                By = AppSuspension.ByGit,
                Message = $"{name}{(lifted ? "'s suspension on this device was lifted, but it" : string.Empty)} is still suspended in git (suspended = true in {config.InfraName}/infra_meta.toml: {git}); remove suspended there to resume it on every device.",
            };
        }

        return new SuspensionState
        {
            Name = name,
            Suspended = false,
            Message = lifted ? $"{name} is resumed: the next pass reconciles it." : $"{name} was not suspended on this device; nothing changed.",
        };
    }

    /// <summary>The device's suspension of each app (an expired one counts as none).</summary>
    public AppSuspension? Current(string name, DateTimeOffset now)
    {
        var suspension = _store.Read(name);
        return suspension is not null && !suspension.ExpiredAt(now) ? suspension : null;
    }

    private static SuspensionState State(AppSuspension suspension, string message) => new()
    {
        Name = suspension.Name,
        Suspended = true,
        Reason = suspension.Reason,
        By = suspension.By,
        Since = suspension.Since,
        Until = suspension.Until,
        Message = message,
    };

    private static AgentApplication Known(AgentConfig config, string name) =>
        config.Applications.FirstOrDefault(app => app.Name == name)
        ?? throw new UnknownAppException([name], config.Applications.Select(app => app.Name).ToList());

    /// <summary>The reason git suspends the app, read from the last fetched config commit (no network); null when it does not.</summary>
    private string? GitSuspension(AgentConfig config, AgentApplication app)
    {
        var clone = paths.ConfigClone(app.Source);
        if (!Directory.Exists(clone))
        {
            return null;
        }

        var declared = InfraMetaLoader.Load(clone, config.InfraName, app.Source.ToString()).For(app.Name).App;
        return declared is { Suspended: true } ? declared.SuspendReason ?? "no suspend_reason given" : null;
    }
}
