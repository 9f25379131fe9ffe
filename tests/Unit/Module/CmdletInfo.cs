using System.Reflection;
using GitOpsAgent.Core.Configuration.Schema;

namespace GitOpsAgent.Tests.Unit.Cmdlets;

/// <summary>One cmdlet class as its attributes declare it.</summary>
internal sealed class CmdletInfo
{
    public CmdletInfo(Type type)
    {
        Type = type;
        var cmdlet = Attribute(type, "CmdletAttribute").Single();
        Verb = (string)cmdlet.ConstructorArguments[0].Value!;
        Noun = (string)cmdlet.ConstructorArguments[1].Value!;
        SupportsShouldProcess = cmdlet.NamedArguments.Any(a => a.MemberName == "SupportsShouldProcess" && (bool)a.TypedValue.Value!);
        OutputTypes = Attribute(type, "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
            .ToList();
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.FullName == CmdletAssembly.AutomationNamespace + ".ParameterAttribute"))
            .Select(p => p.Name)
            .ToList();
        // Set-GitOpsConfig adds one parameter per agent config key at run time (IDynamicParameters).
        HasSchemaParameters = type.GetInterfaces().Any(i => i.FullName == CmdletAssembly.AutomationNamespace + ".IDynamicParameters");
        if (HasSchemaParameters)
        {
            Parameters = [.. Parameters, .. AgentConfigSchema.Keys.Where(k => k.SettableAsValue).Select(k => k.PropertyName)];
        }
    }

    /// <summary>True when the cmdlet's parameters include the agent config schema's keys.</summary>
    public bool HasSchemaParameters { get; }

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => $"{Verb}-{Noun}";

    public bool SupportsShouldProcess { get; }

    /// <summary>What each [OutputType] names: a Type, or a string when written by name.</summary>
    public IReadOnlyList<object?> OutputTypes { get; }

    public IReadOnlyList<string> Parameters { get; }

    public override string ToString() => Name;

    private static IEnumerable<CustomAttributeData> Attribute(Type type, string name) =>
        type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == $"{CmdletAssembly.AutomationNamespace}.{name}");
}
