using GitOpsAgent.Cli.Commands;

namespace GitOpsAgent.Cli;

/// <summary>Every subcommand, in the order `--help` lists them. Add a command here and in its own file under Commands/.</summary>
internal static class CommandTable
{
    public static IReadOnlyList<ICliCommand> All { get; } =
    [
        new RunCommand(),
        new ReconcileCommand(),
        new SyncCommand(),
        new SuspendCommand(resume: false),
        new SuspendCommand(resume: true),
        new StatusCommand(),
        new PublishCommand(),
        new HistoryCommand(),
        new BundleCommand(),
        new ImportCommand(),
        new ExportReportsCommand(),
        new ImportReportsCommand(),
        new ValidateCommand(),
        new ConfigureCommand(),
        new DemoCommand(),
        new CompletionCommand(),
        new ManPageCommand(),
    ];
}
