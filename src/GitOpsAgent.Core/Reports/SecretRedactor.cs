using System.Text.RegularExpressions;
using GitOpsAgent.Core.Monitoring;

namespace GitOpsAgent.Core.Reports;

/// <summary>
/// Takes credentials out of text before it is stored or shown: the user info of URLs
/// (https://deploy:TOKEN@host/… becomes https://***@host/…), wherever it appears, including in git's own stderr.
/// The report, --json, the log, the cmdlets' objects and the monitoring branch all pass through here, so a token in
/// an agent config never reaches a file that other people read. The agent config's <c>redact</c> patterns are masked
/// the same way (<see cref="UsePatterns"/>), for secrets that hooks print.
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>How long one pattern may take on one text; a pattern that backtracks forever must not stop a pass.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public const string Withheld = "[gitops-agent: text withheld: a redact pattern took too long on it]";

    // The operator's patterns (agent config "redact") for the pass running on this logical thread. AsyncLocal, not a
    // static field: the PowerShell module can run passes of different configs in one process, and tests run in parallel;
    // the observers' threads inherit it. The array is never changed once set, so readers need no lock.
    private static readonly AsyncLocal<Regex[]?> Patterns = new();

    /// <summary>
    /// Masks matches of <paramref name="patterns"/> (besides URL credentials) in everything redacted on this logical
    /// thread until the returned scope is disposed.
    /// </summary>
    public static IDisposable UsePatterns(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var previous = Patterns.Value;
        Patterns.Value = patterns.Count == 0 ? null : [.. patterns.Select(Compile)];
        return new Scope(previous);
    }

    /// <summary>Null when <paramref name="pattern"/> is a usable regular expression, else what is wrong with it.</summary>
    public static string? CheckPattern(string pattern)
    {
        try
        {
            _ = Compile(pattern);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary><paramref name="text"/> with the user info of every scheme:// URL and every match of the redact patterns masked.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text.Contains('@', StringComparison.Ordinal) ? UserInfo().Replace(text, "${scheme}" + Mask + "@") : text;
        if (Patterns.Value is not { } patterns)
        {
            return result;
        }

        foreach (var pattern in patterns)
        {
            try
            {
                result = pattern.Replace(result, Mask);
            }
            catch (RegexMatchTimeoutException)
            {
                // Fail closed: text that could not be checked may hold the secret.
                return Withheld;
            }
        }

        return result;
    }

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    private sealed class Scope(Regex[]? previous) : IDisposable
    {
        public void Dispose() => Patterns.Value = previous;
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
            HealthCheck = outcome.HealthCheck is { } check ? check with { Command = Redact(check.Command), Output = Redact(check.Output) } : null,
            Suspension = outcome.Suspension is { } suspension ? suspension with { Reason = Redact(suspension.Reason) } : null,
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
