using System.Text;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Configuration;

/// <summary>Reads and validates the agent config; every problem found is reported at once, with its line.</summary>
public static class AgentConfigLoader
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "infra_name", "interval", "monitoring_history_retention_days", "monitoring_heartbeat_hours", "command_timeout", "applications",
    };

    public static AgentConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigurationException([new ConfigFinding
            {
                Severity = FindingSeverity.Error,
                File = path,
                Message = $"the agent config does not exist. Create it (gitops-agent configure, or Set-GitOpsConfig -InfraName NAME -Application 'app=URL@BRANCH'), or point {AgentPaths.ConfigVariable} at it.",
            }]);
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static AgentConfig Parse(string text, string path) => Parse(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))), path);

    public static AgentConfig Parse(ReadOnlySpan<byte> utf8, string path)
    {
        var findings = new FindingList(path);
        TomlTable root;
        try
        {
            root = TomlParser.Parse(utf8, path);
        }
        catch (TomlParseException ex)
        {
            findings.AddParseError(ex);
            throw new ConfigurationException(findings.Items);
        }

        var infraName = ReadInfraName(root, findings);
        var interval = ReadPositive(root, "interval", AgentConfig.DefaultIntervalSeconds, "seconds between passes", findings);
        var retention = ReadPositive(root, "monitoring_history_retention_days", AgentConfig.DefaultRetentionDays, "days of monitoring history to keep", findings);
        var timeout = ReadPositive(root, "command_timeout", AgentConfig.DefaultCommandTimeoutSeconds, "seconds a pre/post command may run", findings);
        var heartbeat = ReadNonNegative(root, "monitoring_heartbeat_hours", AgentConfig.DefaultHeartbeatHours, "hours after which an unchanged health report is re-published (0 turns it off)", findings);
        var applications = ReadApplications(root, findings);
        foreach (var key in root.Keys.Where(key => !KnownKeys.Contains(key)))
        {
            findings.Warning(root, key, $"unknown key \"{key}\" is ignored. Known keys: {string.Join(", ", KnownKeys)}.");
        }

        if (findings.HasErrors)
        {
            throw new ConfigurationException(findings.Items);
        }

        return new AgentConfig
        {
            InfraName = infraName!,
            IntervalSeconds = interval,
            MonitoringHistoryRetentionDays = retention,
            CommandTimeoutSeconds = timeout,
            MonitoringHeartbeatHours = heartbeat,
            Applications = applications,
            Warnings = findings.Items,
            SourcePath = path,
        };
    }

    private static string? ReadInfraName(TomlTable root, FindingList findings)
    {
        try
        {
            if (!root.TryGetString("infra_name", out var name))
            {
                findings.Error(root, null, "required key \"infra_name\" is missing. Add infra_name = \"<this device's folder in the config repo>\".");
                return null;
            }

            if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name is "." or "..")
            {
                findings.Error(root, "infra_name", $"\"{name}\" is not a folder name. Use the name of this device's folder in the config repo, without slashes.");
                return null;
            }

            return name;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, null);
            return null;
        }
    }

    private static int ReadPositive(TomlTable root, string key, int fallback, string meaning, FindingList findings)
    {
        try
        {
            if (!root.TryGetInteger(key, out var value))
            {
                return fallback;
            }

            if (value is < 1 or > int.MaxValue)
            {
                findings.Error(root, key, $"{value} is out of range: {key} is the number of {meaning}, a whole number of at least 1.");
                return fallback;
            }

            return (int)value;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, null);
            return fallback;
        }
    }

    private static int ReadNonNegative(TomlTable root, string key, int fallback, string meaning, FindingList findings)
    {
        try
        {
            if (!root.TryGetInteger(key, out var value))
            {
                return fallback;
            }

            if (value is < 0 or > int.MaxValue)
            {
                findings.Error(root, key, $"{value} is out of range: {key} is the number of {meaning}, a whole number of at least 0.");
                return fallback;
            }

            return (int)value;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, null);
            return fallback;
        }
    }

    private static List<AgentApplication> ReadApplications(TomlTable root, FindingList findings)
    {
        var applications = new List<AgentApplication>();
        TomlTable? table;
        try
        {
            if (!root.TryGetTable("applications", out table) || table is null)
            {
                findings.Error(root, null, "the [applications] table is missing. Add one line per app: [applications] then web = \"git@host:org/deploy-config.git@main\".");
                return applications;
            }
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, null);
            return applications;
        }

        foreach (var name in table.Keys)
        {
            try
            {
                var value = table.GetString(name);
                if (string.IsNullOrWhiteSpace(value))
                {
                    findings.Error(table, name, "is empty. Write the config repo as \"<url>@<branch>\".", name);
                    continue;
                }

                applications.Add(new AgentApplication(name, ConfigRepoSource.Parse(value)));
            }
            catch (TomlTypeException ex)
            {
                findings.AddTypeError(ex, name);
            }
        }

        return applications;
    }
}
