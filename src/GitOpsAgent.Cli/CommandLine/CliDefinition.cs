using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using GitOpsAgent.Cli.Commands;
using GitOpsAgent.Core.Configuration.Schema;
using GitOpsAgent.Core.Reports;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>
/// The whole `gitops-agent` command line, defined once with System.CommandLine: parsing, validation, help, the man
/// page and shell completion all read this tree. Exit codes: 0 / 2 from the commands, 1 for any usage error, which
/// names the fix.
/// </summary>
internal static class CliDefinition
{
    public const string Summary = "pull-based GitOps for servers, VMs and edge devices without Kubernetes.";

    public static string ProductVersion => AgentVersion.Current;

    public static RootCommand Build(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand(Summary);
        foreach (var command in CommandTable.All)
        {
            root.Subcommands.Add(command.Create(context));
        }

        foreach (var option in root.Options)
        {
            switch (option)
            {
                case HelpOption help:
                    help.Action = new PrintHelp();
                    // -h and --help; the Windows spellings (/?, /h, -?) would only clutter completion.
                    foreach (var alias in help.Aliases.Where(a => a != "-h").ToList())
                    {
                        help.Aliases.Remove(alias);
                    }

                    break;
                case VersionOption version:
                    version.Action = new PrintVersion();
                    break;
            }
        }

        return root;
    }

    /// <summary>Parses and runs a command line; what Main does.</summary>
    public static int Run(CliContext context, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 1 && args[0] is "--version" or "-V" or "version")
        {
            // Asked by scripts and health checks in a loop: answered before the command tree is built (half the
            // start-up of the JIT build; see bench/RESULTS.md).
            context.Output.WriteLine($"gitops-agent {ProductVersion}");
            return ExitCodes.Success;
        }

        var root = Build(context);
        if (args.Count == 0)
        {
            context.Output.Write(HelpWriter.Root(root));
            return ExitCodes.Failure;
        }

        var result = root.Parse(Normalize(args));
        if (result.Errors.Count > 0 && result.Action is ParseErrorAction)
        {
            return UsageError(context, result);
        }

        try
        {
            // Signals are handled by Program (the running step is cancelled through CliContext), not here.
            return result.Invoke(new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (CliUsageException ex)
        {
            var command = (AgentCommand)result.CommandResult.Command;
            context.Error.WriteLine($"gitops-agent {command.Name}: {ex.Message}");
            context.Error.Write(HelpWriter.For(command));
            return ExitCodes.Failure;
        }
    }

    /// <summary>The spellings scripts and units already use, mapped onto the definition: --configure, help, version, -V.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            return args;
        }

        return args[0] switch
        {
            // The tool this replaces was configured with --configure; keep that habit working.
            "--configure" => ["configure", .. args.Skip(1)],
            // "help reconcile" is "reconcile --help"; "help" alone is "--help".
            "help" => args.Count > 1 ? [.. args.Skip(1), "--help"] : ["--help"],
            "version" or "-V" => ["--version", .. args.Skip(1)],
            _ => args,
        };
    }

    private static int UsageError(CliContext context, ParseResult result)
    {
        var command = result.CommandResult.Command;
        var unmatched = result.UnmatchedTokens.Count > 0 ? result.UnmatchedTokens[0] : null;
        if (command is not AgentCommand agentCommand)
        {
            // Nothing after the root was understood: the first word is not a command.
            var word = unmatched ?? (result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty);
            var known = HelpWriter.Visible(command).Select(c => c.Name).ToList();
            var hint = KeySuggestion.Nearest(word, known) is { } nearest ? $" Did you mean '{nearest}'?" : string.Empty;
            context.Error.WriteLine($"gitops-agent: unknown command '{word}'.{hint} Run 'gitops-agent --help' for the list of commands.");
            return ExitCodes.Failure;
        }

        var message = unmatched is null ? result.Errors[0].Message.TrimEnd('.') : Unmatched(agentCommand, unmatched);
        context.Error.WriteLine($"gitops-agent {agentCommand.Name}: {message}. Run 'gitops-agent {agentCommand.Name} --help' for its options.");
        context.Error.Write(HelpWriter.For(agentCommand));
        return ExitCodes.Failure;
    }

    private static string Unmatched(AgentCommand command, string token)
    {
        if (!token.StartsWith('-'))
        {
            return $"unexpected argument '{token}'";
        }

        var names = HelpWriter.Options(command).SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
        var nearest = KeySuggestion.Nearest(token.Split('=')[0], names);
        return $"unknown option '{token}'" + (nearest is null ? string.Empty : $" (did you mean {nearest}?)");
    }

    private sealed class PrintHelp : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.Write(parseResult.CommandResult.Command switch
            {
                AgentCommand command => HelpWriter.For(command),
                RootCommand root => HelpWriter.Root(root),
                var other => $"Usage: gitops-agent {other.Name}\n",
            });
            return ExitCodes.Success;
        }
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"gitops-agent {ProductVersion}");
            return ExitCodes.Success;
        }
    }
}
