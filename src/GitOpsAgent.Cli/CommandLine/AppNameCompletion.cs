using System.CommandLine.Completions;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>App names from the agent config the command line points at (--config, else the environment's), for tab completion.</summary>
internal static class AppNameCompletion
{
    public static Func<CompletionContext, IEnumerable<CompletionItem>> From(CommonOptionSet common) => context =>
    {
        IReadOnlyList<AgentApplication> apps;
        try
        {
            apps = AgentConfigLoader.Load(common.ConfigPathFor(context.ParseResult)).Applications;
        }
        catch (Exception ex) when (ex is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            // Completion must never print errors into the operator's prompt: no config, no names.
            return [];
        }

        return apps
            .Select(app => app.Name)
            .Where(name => name.StartsWith(context.WordToComplete, StringComparison.Ordinal))
            .Select(name => new CompletionItem(name));
    };
}
