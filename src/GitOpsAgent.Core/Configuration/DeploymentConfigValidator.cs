namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// Validates a deployment-config repo checkout without a device: every <c>&lt;infra&gt;/infra_meta.toml</c>, or one
/// infra's, with the same rules a pass applies, plus checks only the repo can answer (config_files sources that
/// are not in it). The config repo's CI, Test-GitOpsDeploymentConfig and <c>gitops-agent validate</c> all use this.
/// </summary>
public static class DeploymentConfigValidator
{
    public static DeploymentValidationResult Validate(string repoRoot, string? infraName = null)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        var root = Path.GetFullPath(repoRoot);
        if (!Directory.Exists(root))
        {
            return new DeploymentValidationResult([], [Error(root, $"the folder {root} does not exist. Point -Path (or the validate command) at a checkout of the deployment-config repo.")]);
        }

        var infras = string.IsNullOrWhiteSpace(infraName) ? DiscoverInfras(root) : [infraName];
        if (infras.Count == 0)
        {
            return new DeploymentValidationResult([], [Error(root, $"no <infra>/{InfraMetaLoader.FileName} found under {root}. Each device has a folder named after its infra_name holding {InfraMetaLoader.FileName}.")]);
        }

        var files = new List<string>();
        var findings = new List<ConfigFinding>();
        foreach (var infra in infras)
        {
            var meta = InfraMetaLoader.Load(root, infra);
            if (File.Exists(meta.FilePath))
            {
                files.Add(meta.FilePath);
            }

            findings.AddRange(meta.FileFindings);
            foreach (var app in meta.Apps)
            {
                findings.AddRange(app.Findings);
                if (app.App is { } desired)
                {
                    findings.AddRange(MissingSources(root, meta.FilePath, desired));
                }
            }
        }

        return new DeploymentValidationResult(files, findings
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line ?? 0)
            .ThenBy(f => f.Column ?? 0)
            .ToList());
    }

    /// <summary>Folders (not hidden) that hold an infra_meta.toml, in ordinal order so output is stable.</summary>
    private static List<string> DiscoverInfras(string root) =>
        Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.') && File.Exists(InfraMetaLoader.PathFor(root, name)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>A pass skips a config file whose source is missing; in CI that is worth saying before it ships.</summary>
    private static IEnumerable<ConfigFinding> MissingSources(string root, string file, DesiredApp app)
    {
        foreach (var mapping in app.ConfigFiles)
        {
            var resolved = ConfigSourcePath.Resolve(root, mapping.Source);
            if (resolved.Problem is { } problem)
            {
                yield return new ConfigFinding { Severity = FindingSeverity.Error, File = file, Line = app.SourceLine, App = app.Name, Key = $"{app.Name}.config_files", Message = problem };
            }
            else if (!File.Exists(resolved.Path))
            {
                yield return new ConfigFinding
                {
                    Severity = FindingSeverity.Warning,
                    File = file,
                    Line = app.SourceLine,
                    App = app.Name,
                    Key = $"{app.Name}.config_files",
                    Message = $"src \"{mapping.Source}\" is not in the repo; a pass skips this file and reports it. Add the file, or fix src.",
                };
            }
        }
    }

    private static ConfigFinding Error(string file, string message) =>
        new() { Severity = FindingSeverity.Error, File = file, Message = message };
}
