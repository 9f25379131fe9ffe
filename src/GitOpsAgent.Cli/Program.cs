using System.Runtime.InteropServices;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Commands;

namespace GitOpsAgent.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl-C and SIGTERM ask the running step to finish or abandon safely; a second signal is not needed.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        var context = new CliContext(Console.Out, Console.Error, stop.Token);
        return Run(context, args);
    }

    internal static int Run(CliContext context, IReadOnlyList<string> args) => CliDefinition.Run(context, args);

    public static string ProductVersion => CliDefinition.ProductVersion;
}
