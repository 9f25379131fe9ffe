namespace GitOpsAgent.Core.Configuration;

/// <summary>A file the operator wrote cannot be used; carries every error found, each with file, line and fix.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<ConfigFinding> findings)
        : base(string.Join(Environment.NewLine, (findings ?? throw new ArgumentNullException(nameof(findings))).Select(f => f.ToString())))
    {
        Findings = findings;
    }

    public ConfigurationException()
    {
        Findings = [];
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Findings = [];
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Findings = [];
    }

    public IReadOnlyList<ConfigFinding> Findings { get; }
}
