namespace GitOpsAgent.Core.Configuration;

/// <summary>What validating a config repo checkout found: the infra_meta.toml files read and every finding in them.</summary>
public sealed record DeploymentValidationResult(IReadOnlyList<string> Files, IReadOnlyList<ConfigFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);
}
