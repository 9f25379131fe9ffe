namespace GitOpsAgent.Core.Configuration;

/// <summary>One section of infra_meta.toml: the validated app, or the errors that stop it (plus any warnings).</summary>
public sealed record DesiredAppResult(string Name, DesiredApp? App, IReadOnlyList<ConfigFinding> Findings)
{
    public bool IsValid => App is not null;

    public IEnumerable<ConfigFinding> Errors => Findings.Where(f => f.Severity == FindingSeverity.Error);

    public IEnumerable<ConfigFinding> Warnings => Findings.Where(f => f.Severity == FindingSeverity.Warning);
}
