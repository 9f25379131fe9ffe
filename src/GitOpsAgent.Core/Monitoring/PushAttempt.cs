namespace GitOpsAgent.Core.Monitoring;

/// <summary>One push: how it ended and what git said.</summary>
internal sealed record PushAttempt(PushOutcome Outcome, string Detail)
{
    /// <summary>Reads git push --porcelain's status lines and stderr; only git's own markers are trusted, never prose.</summary>
    public static PushAttempt From(bool succeeded, string standardOutput, string standardError)
    {
        if (succeeded)
        {
            return new PushAttempt(PushOutcome.Pushed, string.Empty);
        }

        var said = (standardOutput + "\n" + standardError).Trim();
        if (said.Contains("[rejected]", StringComparison.Ordinal))
        {
            return new PushAttempt(PushOutcome.Raced, said);
        }

        if (said.Contains("[remote rejected]", StringComparison.Ordinal))
        {
            // A ref update that lost a race inside the remote is reported as a remote rejection too.
            var raced = said.Contains("cannot lock ref", StringComparison.OrdinalIgnoreCase)
                || said.Contains("unable to lock", StringComparison.OrdinalIgnoreCase)
                || said.Contains("failed to update ref", StringComparison.OrdinalIgnoreCase)
                || said.Contains("incorrect old value", StringComparison.OrdinalIgnoreCase)
                || said.Contains("stale info", StringComparison.OrdinalIgnoreCase);
            return new PushAttempt(raced ? PushOutcome.Raced : PushOutcome.Refused, said);
        }

        return new PushAttempt(PushOutcome.Unreachable, said);
    }
}
