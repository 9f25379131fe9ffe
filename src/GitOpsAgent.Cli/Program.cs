using System.Reflection;
using System.Runtime.InteropServices;
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

    internal static int Run(CliContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            context.Output.Write(MainUsage());
            return args.Count == 0 ? ExitCodes.Failure : ExitCodes.Success;
        }

        if (args[0] is "--version" or "-V" or "version")
        {
            context.Output.WriteLine($"gitops-agent {ProductVersion}");
            return ExitCodes.Success;
        }

        if (args[0] == "--configure")
        {
            // The tool this replaces was configured with --configure; keep that habit working.
            args = ["configure", .. args.Skip(1)];
        }

        var command = CommandTable.All.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            context.Error.WriteLine($"gitops-agent: unknown command '{args[0]}'. Run 'gitops-agent --help' for the list of commands.");
            return ExitCodes.Failure;
        }

        var rest = args.Skip(1).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            context.Output.Write(command.Usage);
            return ExitCodes.Success;
        }

        try
        {
            return command.Run(context, rest);
        }
        catch (CliUsageException ex)
        {
            context.Error.WriteLine($"gitops-agent {command.Name}: {ex.Message}");
            context.Error.Write(command.Usage);
            return ExitCodes.Failure;
        }
    }

    public static string ProductVersion { get; } =
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private static string MainUsage()
    {
        var writer = new StringWriter();
        writer.WriteLine($"gitops-agent {ProductVersion}: pull-based GitOps for servers, VMs and edge devices without Kubernetes.");
        writer.WriteLine();
        writer.WriteLine("Usage: gitops-agent <command> [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        foreach (var command in CommandTable.All)
        {
            writer.WriteLine($"  {command.Name,-12} {command.Summary}");
        }

        writer.WriteLine();
        writer.WriteLine("Options:");
        writer.WriteLine("  --help       this text; 'gitops-agent <command> --help' for a command's options");
        writer.WriteLine("  --version    the version");
        writer.WriteLine("  --configure  the same as 'gitops-agent configure'");
        writer.WriteLine();
        writer.WriteLine("Environment: GITOPS_AGENT_CONFIG (default /etc/gitops-agent/config.toml), GITOPS_AGENT_HOME (default /opt/gitops-agent).");
        return writer.ToString();
    }
}
