using System.Reflection;

namespace GitOpsAgent.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] is "--version" or "-V")
        {
            Console.WriteLine($"gitops-agent {ProductVersion()}");
            return 0;
        }

        Console.WriteLine($"gitops-agent {ProductVersion()}: pull-based GitOps for devices without Kubernetes.");
        return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 1;
    }

    private static string ProductVersion() =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
