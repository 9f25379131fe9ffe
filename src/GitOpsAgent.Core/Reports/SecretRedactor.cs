using System.Text.RegularExpressions;
using GitOpsAgent.Core.Monitoring;

namespace GitOpsAgent.Core.Reports;

/// <summary>
/// Takes credentials out of text before it is stored or shown: the user info of URLs
/// (https://deploy:TOKEN@host/… becomes https://***@host/…), wherever it appears, including in git's own stderr.
/// The report, --json, the log, the cmdlets' objects and the monitoring branch all pass through here, so a token in
/// an agent config never reaches a file that other people read.
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    /// <summary><paramref name="text"/> with the user info of every scheme:// URL masked.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('@', StringComparison.Ordinal) ? UserInfo().Replace(text, "${scheme}" + Mask + "@") : text;
    }

    public static string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    public static PassReport Redact(PassReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with
        {
            Apps = [.. report.Apps.Select(Redact)],
            ConfigRepos = [.. report.ConfigRepos.Select(repo => repo with { Url = Redact(repo.Url), Error = RedactOrNull(repo.Error) })],
            Warnings = [.. report.Warnings.Select(Redact)],
        };
    }

    public static AppOutcome Redact(AppOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome with
        {
            ConfigSource = Redact(outcome.ConfigSource),
            Status = Redact(outcome.Status),
            Error = RedactOrNull(outcome.Error),
            Actions = [.. outcome.Actions.Select(Redact)],
            ConfigUpdate = Redact(outcome.ConfigUpdate),
            AppUpdate = Redact(outcome.AppUpdate),
            Commands = [.. outcome.Commands.Select(run => run with { Command = Redact(run.Command), Log = Redact(run.Log) })],
            PreservedChanges = [.. outcome.PreservedChanges.Select(Redact)],
            Warnings = [.. outcome.Warnings.Select(Redact)],
        };
    }

    public static PublishResult Redact(PublishResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result with { Source = Redact(result.Source), Message = Redact(result.Message), Error = RedactOrNull(result.Error) };
    }

    private static StepResult Redact(StepResult step) =>
        step with { Error = RedactOrNull(step.Error), GitStatus = Redact(step.GitStatus) };

    // scheme://user[:password]@ — the user info ends at the last '@' before the host's first '/', space or quote.
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^/\s@'""]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
