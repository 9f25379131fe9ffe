using System.Globalization;
using GitOpsAgent.Cli.Loop;
using GitOpsAgent.Cli.Output;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent run`: the service loop, for hosts without pwsh (systemd/gitops-agent-cli.service runs it).</summary>
internal sealed class RunCommand : ICliCommand
{
    public string Name => "run";

    public string Summary => "run passes forever (the service): reconcile, publish, wait the interval";

    public string Usage =>
        "Usage: gitops-agent run [--config PATH] [--home DIR] [--once] [--interval SECONDS] [--verbose]\n\n" +
        "Runs a pass, publishes the health report, waits the config's interval (±10% jitter, so a fleet does not\n" +
        "poll in lock-step) and starts over. The config is re-read before every pass; an invalid config is logged\n" +
        "and retried. While a config repo is unreachable the wait doubles each pass, up to 8 intervals or 1 hour.\n" +
        "SIGTERM or Ctrl-C stops it at once between steps (a running hook is stopped with its process group).\n" +
        "Under systemd each log line carries its journal priority: 'journalctl -p warning -u gitops-agent-cli'\n" +
        "shows only problems.\n\n" +
        CommonOptions.Usage +
        "  --once          one pass and publish, then exit\n" +
        "  --interval SECONDS  override the config's interval (for tests)\n" +
        "  --verbose       log each git and hook step at debug priority\n\n" +
        "Exit codes: 0 stopped on request (or --once and every app healthy), 2 --once and some app is not healthy,\n" +
        "1 --once and the pass could not run.\n";

    public int Run(CliContext context, IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments);
        var common = CommonOptions.Read(reader);
        var once = reader.Flag("--once");
        var verbose = reader.Flag("--verbose", "-v");
        var interval = ReadInterval(reader.Value("--interval"));
        reader.Positionals(0);

        var log = new JournalLog(context.Output, context.Error, JournalLog.JournalAttached);
        return new ServiceLoop(common, log, verbose, interval).Run(once, context.Cancellation);
    }

    private static TimeSpan? ReadInterval(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > int.MaxValue)
        {
            throw new CliUsageException($"--interval needs a number of seconds above 0, not '{text}'");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
