using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Configure;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cli.Commands;

/// <summary>
/// `gitops-agent configure` (also `--configure`): edit the agent config in $EDITOR, and save it only when it is valid.
/// The edit happens on a copy, so the running service never sees a broken or half-written config.
/// </summary>
internal sealed class ConfigureCommand : ICliCommand
{
    public AgentCommand Create(CliContext context)
    {
        var common = new CommonOptionSet();
        var command = new AgentCommand("configure", "edit the agent config in $EDITOR; it is saved only when valid (also: --configure)")
        {
            Details = "Opens a copy of the agent config in $VISUAL, $EDITOR or vi (a commented template when the file does not\n" +
                "exist yet), checks it when the editor exits and replaces the file atomically only when it is valid. When\n" +
                "it is not, the findings are shown and, at a terminal, you can edit again; otherwise the file is left as it\n" +
                "was and your edit is kept in a temp file whose path is printed. The service uses the new config at its next pass.",
            ExitCodes = "0 saved (or nothing changed), 1 not saved (invalid, editor failed, or stopped).",
        };
        common.AddTo(command, home: false);
        command.SetAction(result => Run(context, common.ConfigPathFor(result)));
        return command;
    }

    private static int Run(CliContext context, string path)
    {
        var exists = File.Exists(path);
        byte[] original;
        try
        {
            original = exists ? File.ReadAllBytes(path) : System.Text.Encoding.UTF8.GetBytes(GitOpsAgent.Core.Configuration.AgentConfigTemplate.Text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"gitops-agent configure: {path} cannot be read ({ex.Message}). Run it as the user that owns the file (usually root).");
            return ExitCodes.Failure;
        }

        var copy = Path.Combine(Path.GetTempPath(), $"gitops-agent-config-{Guid.NewGuid().ToString("N")[..8]}.toml");
        File.WriteAllBytes(copy, original);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (!exists)
        {
            context.Output.WriteLine($"{path} does not exist yet; starting from the commented template.");
        }

        var keepCopy = false;
        try
        {
            return EditUntilValid(context, path, copy, exists ? original : null, out keepCopy);
        }
        finally
        {
            if (!keepCopy)
            {
                File.Delete(copy);
            }
        }
    }

    private static int EditUntilValid(CliContext context, string path, string copy, byte[]? original, out bool keepCopy)
    {
        keepCopy = false;
        var unchanged = original is null ? "was not created" : "was not changed";
        while (true)
        {
            var exitCode = EditorLauncher.Edit(copy, context.Error);
            if (context.Cancellation.IsCancellationRequested)
            {
                context.Error.WriteLine($"gitops-agent configure: stopped; {path} {unchanged}.");
                return ExitCodes.Failure;
            }

            if (exitCode is null or not 0)
            {
                context.Error.WriteLine($"gitops-agent configure: the editor '{EditorLauncher.Editor}' {(exitCode is null ? "did not finish" : $"exited with {exitCode}")}; {path} {unchanged}.");
                return ExitCodes.Failure;
            }

            var edited = File.ReadAllBytes(copy);
            if (original is not null && edited.AsSpan().SequenceEqual(original))
            {
                context.Output.WriteLine($"No changes; {path} is as it was.");
                return ExitCodes.Success;
            }

            try
            {
                var config = AgentConfigLoader.Parse(edited, path);
                foreach (var warning in config.Warnings)
                {
                    context.Error.WriteLine(warning);
                }

                ConfigFileReplacer.Replace(path, edited);
                context.Output.WriteLine($"Saved {path}: {config.InfraName}, {config.Applications.Count} app(s), a pass every {config.Interval} s. The service uses it at its next pass.");
                return ExitCodes.Success;
            }
            catch (ConfigurationException ex)
            {
                foreach (var finding in ex.Findings)
                {
                    context.Error.WriteLine(finding);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                keepCopy = true;
                context.Error.WriteLine($"gitops-agent configure: {path} could not be written ({ex.Message}); it was not changed. Your edit is kept in {copy}.");
                return ExitCodes.Failure;
            }

            if (!EditorLauncher.Interactive || !AskToEditAgain(context))
            {
                keepCopy = true;
                context.Error.WriteLine($"gitops-agent configure: the config has errors (above); {path} {unchanged}. Your edit is kept in {copy}.");
                return ExitCodes.Failure;
            }
        }
    }

    private static bool AskToEditAgain(CliContext context)
    {
        context.Output.Write("Edit again? [Y/n] ");
        var answer = Console.ReadLine();
        return answer is not null && !answer.Trim().StartsWith('n') && !answer.Trim().StartsWith('N');
    }
}
