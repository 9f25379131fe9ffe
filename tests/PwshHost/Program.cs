using System.Management.Automation.Runspaces;
using Microsoft.PowerShell;

namespace GitOpsAgent.PwshHost;

/// <summary>The pwsh console host, as the pwsh executable starts it.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var state = InitialSessionState.CreateDefault2();
        return ConsoleShell.Start(state, string.Empty, string.Empty, args);
    }
}
