namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// A device's <c>infra_meta.toml</c>: one result per section, or a file-level problem (missing folder,
/// syntax error) that applies to every app it should have declared.
/// </summary>
public sealed record InfraMeta(string FilePath, IReadOnlyList<DesiredAppResult> Apps, IReadOnlyList<ConfigFinding> FileFindings)
{
    public bool FileIsUsable => !FileFindings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>The named app's result; a missing section or an unusable file becomes that app's error.</summary>
    public DesiredAppResult For(string appName)
    {
        if (!FileIsUsable)
        {
            return new DesiredAppResult(appName, null, FileFindings.Select(f => f with { App = appName }).ToList());
        }

        return Apps.FirstOrDefault(app => app.Name == appName) ?? new DesiredAppResult(appName, null,
        [
            new ConfigFinding
            {
                Severity = FindingSeverity.Error,
                File = FilePath,
                App = appName,
                Key = appName,
                Message = $"app \"{appName}\" is named in the agent config but {FilePath} has no [{appName}] section. Add the section, or remove the app from the agent config's [applications].",
            },
        ]);
    }
}
