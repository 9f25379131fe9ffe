using System.Globalization;
using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Loop;
using GitOpsAgent.Cli.Output;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent run`: the service loop, for hosts without pwsh (systemd/gitops-agent-cli.service runs it).</summary>
internal sealed class RunCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var once = CliOptions.Flag("--once", "one pass and publish, then exit");
        var interval = new Option<double?>("--interval") { Description = "override the config's interval (for tests)", HelpName = "SECONDS" };
        interval.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= int.MaxValue)
            {
                return seconds;
            }

            result.AddError($"--interval needs a number of seconds above 0, not '{text}'");
            return null;
        };
        var verbose = CliOptions.Verbose("log each git and hook step at debug priority");
        var command = new AgentCommand("run", "run passes forever (the service): reconcile, publish, wait the interval")
        {
            Details = "Runs a pass, publishes the health report, waits the config's interval (±10% jitter, so a fleet does not\n" +
                "poll in lock-step) and starts over. The config is re-read before every pass; an invalid config is logged\n" +
                "and retried. While a config repo is unreachable the wait doubles each pass, up to 8 intervals or 1 hour.\n" +
                "SIGTERM or Ctrl-C stops it at once between steps (a running hook is stopped with its process group).\n" +
                "Under systemd each log line carries its journal priority: 'journalctl -p warning -u gitops-agent-cli'\n" +
                "shows only problems.",
            ExitCodes = "0 stopped on request (or --once and every app healthy), 2 --once and some app is not healthy,\n1 --once and the pass could not run.",
        };
        common.AddTo(command);
        command.Options.Add(once);
        command.Options.Add(interval);
        command.Options.Add(verbose);
        command.SetAction(result => Run(context, common.Read(result), result.GetValue(once), result.GetValue(verbose), result.GetValue(interval) is { } seconds ? TimeSpan.FromSeconds(seconds) : null));
        return command;
    }

    private static int Run(CliContext context, CommonOptions common, bool once, bool verbose, TimeSpan? interval)
    {
        var log = new JournalLog(context.Output, context.Error, JournalLog.JournalAttached);
        return new ServiceLoop(common, log, verbose, interval).Run(once, context.Cancellation);
    }
}
