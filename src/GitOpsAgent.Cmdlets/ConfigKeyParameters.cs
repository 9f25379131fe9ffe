using System.Collections.ObjectModel;
using System.Management.Automation;
using GitOpsAgent.Core.Configuration.Schema;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Cmdlets;

/// <summary>
/// One parameter per settable key of a config schema, named after its property (interval → -Interval) and bound
/// by property name from the pipeline, so a key added to the schema is settable without touching the cmdlet and
/// <c>Get-GitOpsConfig | Set-GitOpsConfig</c> round-trips.
/// </summary>
internal static class ConfigKeyParameters
{
    public static RuntimeDefinedParameterDictionary For(IEnumerable<ConfigKey> keys, string parameterSet)
    {
        var parameters = new RuntimeDefinedParameterDictionary();
        foreach (var key in keys.Where(k => k.SettableAsValue))
        {
            var attributes = new Collection<Attribute>
            {
                new ParameterAttribute { ParameterSetName = parameterSet, ValueFromPipelineByPropertyName = true, HelpMessage = key.Description },
            };
            switch (key.Kind)
            {
                case ConfigValueKind.WholeNumber:
                    attributes.Add(new ValidateRangeAttribute((int)(key.Minimum ?? int.MinValue), (int)(key.Maximum ?? int.MaxValue)));
                    break;
                case ConfigValueKind.Text when key.AllowedValues.Count > 0:
                    attributes.Add(new ValidateSetAttribute([.. key.AllowedValues]));
                    break;
                case ConfigValueKind.Text when key.Required:
                    attributes.Add(new ValidateNotNullOrEmptyAttribute());
                    break;
            }

            parameters.Add(key.PropertyName, new RuntimeDefinedParameter(key.PropertyName, ClrType(key), attributes));
        }

        return parameters;
    }

    /// <summary>The TOML value for a bound parameter value.</summary>
    public static object ToToml(ConfigKey key, object value) => key.Kind switch
    {
        ConfigValueKind.WholeNumber => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ConfigValueKind.Flag => value is SwitchParameter flag ? flag.IsPresent : (bool)value,
        ConfigValueKind.TextList => new TomlArray(LanguagePrimitives.ConvertTo<string[]>(value)),
        _ => value.ToString() ?? string.Empty,
    };

    private static Type ClrType(ConfigKey key) => key.Kind switch
    {
        ConfigValueKind.WholeNumber => typeof(int),
        ConfigValueKind.Flag => typeof(bool),
        ConfigValueKind.TextList => typeof(string[]),
        _ => typeof(string),
    };
}
