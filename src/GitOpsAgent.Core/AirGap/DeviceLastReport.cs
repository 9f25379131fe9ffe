using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// What a device last said it runs, read from its report on the monitoring branch: the config commit and each app's
/// deployed commit. An incremental bundle leaves out what these already hold.
/// </summary>
internal sealed record DeviceLastReport(string? ConfigCommit, IReadOnlyDictionary<string, string> AppCommits)
{
    public static DeviceLastReport? Parse(string text)
    {
        TomlTable root;
        try
        {
            root = TomlParser.Parse(text);
        }
        catch (TomlException)
        {
            return null;
        }

        string? config = null;
        var apps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in root)
        {
            if (value is not TomlTable app)
            {
                continue;
            }

            if (app.TryGetString("actual-commit", out var actual) && IsFullId(actual))
            {
                apps[name] = actual;
            }

            if (config is null && app.TryGetTable("config-updation", out var step) && step.TryGetString("git-repo-latest-commit", out var commit) && IsFullId(commit))
            {
                config = commit;
            }
        }

        return new DeviceLastReport(config, apps);
    }

    private static bool IsFullId(string value) => value.Length == 40 && value.All(char.IsAsciiHexDigitLower);
}
