using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Core.Operations;

/// <summary>
/// Classifies an unhealthy app from the structured outcome (status label, command runs, config repo reachability),
/// never from message text, so every front door reports the same kind and id for the same failure.
/// </summary>
public sealed record AppFailure(AppFailureKind Kind, string ErrorId, string Message)
{
    /// <summary>The failure of <paramref name="outcome"/>, or null when it needs no attention (healthy, or a dry run's plan).</summary>
    public static AppFailure? For(AppOutcome outcome, PassReport report)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(report);
        if (!outcome.NeedsAttention)
        {
            return null;
        }

        var kind = Classify(outcome, report);
        var detail = outcome.Error ?? outcome.Status;
        return new AppFailure(kind, "GitOps." + kind, $"{outcome.Name}: {outcome.Status}: {detail}");
    }

    private static AppFailureKind Classify(AppOutcome outcome, PassReport report)
    {
        if (outcome.Status.StartsWith(StatusLabels.UntrustedPrefix, StringComparison.Ordinal))
        {
            return AppFailureKind.UntrustedCommit;
        }

        if (StatusLabels.IsRolledBack(outcome.Status))
        {
            return AppFailureKind.RolledBack;
        }

        switch (outcome.Status)
        {
            case StatusLabels.HealthCheckFailed:
                return AppFailureKind.HealthCheckFailed;
            case StatusLabels.RemovalFailed:
                return AppFailureKind.RemovalFailed;
            case StatusLabels.AppUpdateFailed:
                return AppFailureKind.AppUpdateFailed;
            case StatusLabels.ConfigUpdateFailed:
                var repo = report.ConfigRepos.FirstOrDefault(r => r.Source == outcome.ConfigSource);
                // An unreachable repo with an earlier fetch still serves its last commit; only one never fetched stops the app.
                return repo is { Reachable: false, Commit: null } ? AppFailureKind.ConfigRepoUnreachable : AppFailureKind.InvalidConfig;
            case StatusLabels.CommandFailed:
                var failed = outcome.Commands.LastOrDefault(command => !command.Succeeded);
                return failed?.Stage == "pre" ? AppFailureKind.PreCommandFailed : AppFailureKind.PostCommandFailed;
            default:
                return AppFailureKind.Unknown;
        }
    }
}
