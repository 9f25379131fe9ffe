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
        catch (OperationCanceledException)
        {
            context.Error.WriteLine($"gitops-agent: {whenStopped}");
            return ExitCodes.Failure;
        }
    }
}
