using System.Reflection;

namespace GitOpsAgent.Core.Reports;

/// <summary>The product version (Directory.Build.props), as the CLI, the metrics and the reports show it.</summary>
public static class AgentVersion
{
    public static string Current { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
