using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using GitOpsAgent.Core.Operations;

namespace GitOpsAgent.Cmdlets;

/// <summary>Tab completion of app names from the agent config (the one named by -ConfigPath when given).</summary>
public sealed class AppNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var configPath = fakeBoundParameters?["ConfigPath"] as string;
        var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return AppNameSource.Complete(configPath, prefix)
            .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name));
    }

    private static string Quote(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";
}
