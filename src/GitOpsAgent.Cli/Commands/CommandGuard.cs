using GitOpsAgent.Core.AirGap;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Cli.Commands;

/// <summary>Turns the failures that mean "this could not run" into one clear line on stderr and exit code 1.</summary>
internal static class CommandGuard
{
    public static int Run(CliContext context, string whenStopped, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is AgentLockHeldException or ConfigurationException or UnknownAppException or NoPassYetException or InvalidDataException or InvalidRequestException or AirGapException)
        {
            context.Error.WriteLine($"gitops-agent: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is Core.Git.GitException or IOException or UnauthorizedAccessException)
        {
            // Per-app failures are reported inside a pass; what reaches here stopped the command itself (a bundle whose
            // repo git cannot read, a folder it may not write): said in one line, never a stack trace.
            context.Error.WriteLine($"gitops-agent: {Core.Reports.SecretRedactor.Redact(ex.Message)}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine($"gitops-agent: {whenStopped}");
            return ExitCodes.Failure;
        }
    }
}
