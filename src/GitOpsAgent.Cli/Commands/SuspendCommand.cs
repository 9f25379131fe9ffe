using System.CommandLine;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Output;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent suspend APP --reason TEXT [--until TIME]` and `gitops-agent resume APP`.</summary>
internal sealed class SuspendCommand(bool resume) : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var app = new Argument<string>("app") { Description = resume ? "the app to resume" : "the app to suspend", HelpName = "APP" };
        app.CompletionSources.Add(AppNameCompletion.From(common));
        var reason = CliOptions.Value("--reason", "TEXT", "why (shown in the status, the report and the fleet view)");
        reason.Required = true;
        var until = CliOptions.Time("--until", "end the suspension by itself at this time (ISO 8601; without an offset, UTC)");
        var json = CliOptions.Json();
        var command = resume
            ? new AgentCommand("resume", "lift this device's suspension of an app: the next pass reconciles it again")
            {
                Details = "Removes the suspension Suspend-GitOpsApp or gitops-agent suspend put on this device. An app suspended in git\n" +
                    "(suspended = true in infra_meta.toml) stays suspended until that line goes; the output says so.",
                ExitCodes = "0 resumed (or was not suspended), 2 still suspended in git, 1 unknown app or bad config.",
            }
            : new AgentCommand("suspend", "stop changing an app on this device: it is observed and reported, not changed")
            {
                Details = "Passes keep observing the app and reporting its drift, but change nothing until it is resumed\n" +
                    "(gitops-agent resume) or --until passes. Its status is \"⏸ suspended: <reason>\". Needs no lock and no\n" +
                    "network; a pass that is running reads it before it would change the app.",
                ExitCodes = "0 suspended, 1 unknown app, no reason, a time in the past, or bad config.",
            };
        common.AddTo(command);
        command.Arguments.Add(app);
        if (!resume)
        {
            command.Options.Add(reason);
            command.Options.Add(until);
        }

        command.Options.Add(json);
        command.SetAction(result => Run(context, common.Read(result), result.GetValue(app)!, result.GetValue(reason), result.GetValue(until), result.GetValue(json)));
        return command;
    }

    private int Run(CliContext context, CommonOptions common, string app, string? reason, DateTimeOffset? until, bool json)
    {
        var config = common.LoadConfig(context);
        if (config is null)
        {
            return ExitCodes.Failure;
        }

        return CommandGuard.Run(context, "stopped.", () =>
        {
            var suspender = new AppSuspender(common.Paths);
            var state = resume ? suspender.Resume(config, app) : suspender.Suspend(config, app, reason ?? string.Empty, until, DateTimeOffset.UtcNow);
            context.Output.Write(json ? SuspensionPrinter.Json(state) : state.Message + "\n");
            return resume && state.Suspended ? ExitCodes.Unhealthy : ExitCodes.Success;
        });
    }
}
