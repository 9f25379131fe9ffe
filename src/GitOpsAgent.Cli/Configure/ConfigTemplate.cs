namespace GitOpsAgent.Cli.Configure;

/// <summary>The commented agent config template (scripts/config.template.toml, embedded at build), also what the installer installs.</summary>
internal static class ConfigTemplate
{
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(ConfigTemplate).Assembly.GetManifestResourceStream("config.template.toml")
            ?? throw new InvalidOperationException("the config template is missing from the gitops-agent assembly; rebuild it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
