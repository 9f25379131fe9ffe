using System.Globalization;

namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>
/// One key of a config file, described once: the loader, the validator, Set-GitOpsConfig's parameters and the
/// documentation all read this, so they cannot disagree.
/// </summary>
public sealed record ConfigKey
{
    /// <summary>The key as written in the TOML file.</summary>
    public required string Name { get; init; }

    /// <summary>The same key on the PowerShell side: the output object's property and Set-GitOpsConfig's parameter.</summary>
    public required string PropertyName { get; init; }

    public required ConfigValueKind Kind { get; init; }

    public required string Description { get; init; }

    /// <summary>A value to show in documentation and messages, as TOML.</summary>
    public required string Example { get; init; }

    public bool Required { get; init; }

    /// <summary>The value used when the key is absent; null when it has none.</summary>
    public object? Default { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    /// <summary>What the number counts, for messages: "seconds between passes".</summary>
    public string? Meaning { get; init; }

    /// <summary>A regular expression the whole text value must match (for documentation and editors' schemas).</summary>
    public string? Pattern { get; init; }

    /// <summary>For a text key: the only values it may take (empty: any).</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>True when the text value is an absolute path.</summary>
    public bool AbsolutePath { get; init; }

    /// <summary>For a <see cref="ConfigValueKind.TableList"/>: the keys of each entry.</summary>
    public IReadOnlyList<ConfigKey> Entries { get; init; } = [];

    /// <summary>False for keys that Set-GitOpsConfig sets through a parameter of their own shape (applications).</summary>
    public bool SettableAsValue => Kind is not (ConfigValueKind.Table or ConfigValueKind.TableList);

    /// <summary>The range in words, for messages and documentation: "of at least 1", "from 0 to 8760".</summary>
    public string? RangeText => (Minimum, Maximum) switch
    {
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $"from {min} to {max}"),
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $"of at least {min}"),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $"of at most {max}"),
        _ => null,
    };

    /// <summary>Null when <paramref name="value"/> is in range, else why not, naming the key and the range.</summary>
    public string? CheckRange(long value)
    {
        // Integers land in int properties, so int's range is every integer key's outer bound.
        var max = Maximum ?? int.MaxValue;
        if ((Minimum is { } min && value < min) || value > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value} is out of range: {Name} is the number of {Meaning ?? "units"}, a whole number {RangeText ?? $"up to {max}"}.");
        }

        return null;
    }
}
