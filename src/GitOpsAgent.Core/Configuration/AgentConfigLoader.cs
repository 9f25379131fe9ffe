using System.Text;
using GitOpsAgent.Core.Configuration.Schema;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Configuration;

/// <summary>Reads and validates the agent config; every problem found is reported at once, with its line.</summary>
public static class AgentConfigLoader
{
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
        var interval = ReadInteger(root, "interval", findings);
        var retention = ReadInteger(root, "monitoring_history_retention_days", findings);
        var timeout = ReadInteger(root, "command_timeout", findings);
        var heartbeat = ReadInteger(root, "monitoring_heartbeat_hours", findings);
        var onStatusChange = ReadText(root, "on_status_change_command", findings);
        var metricsTextfile = ReadText(root, "metrics_textfile", findings);
        var verifyCommits = ReadText(root, "verify_commits", findings) ?? "none";
        var allowedSigners = ReadText(root, "allowed_signers", findings);
        var gpgKeyring = ReadText(root, "gpg_keyring", findings);
        var verifyAppCommits = ReadFlag(root, "verify_app_commits", findings);
        var signingKey = ReadText(root, "signing_key", findings);
        CheckVerification(root, findings, verifyCommits, allowedSigners, gpgKeyring, verifyAppCommits, signingKey);
        var applications = ReadApplications(root, findings);
        var redact = ReadPatterns(root, "redact", findings);
        WarnUnknownKeys(root, findings);
        if (findings.HasErrors)
        {
            throw new ConfigurationException(findings.Items);
        }

        return new AgentConfig
        {
            InfraName = infraName!,
            Interval = interval,
            MonitoringHistoryRetentionDays = retention,
            CommandTimeout = timeout,
            MonitoringHeartbeatHours = heartbeat,
            OnStatusChangeCommand = string.IsNullOrWhiteSpace(onStatusChange) ? null : onStatusChange,
            MetricsTextfile = metricsTextfile,
            VerifyCommits = verifyCommits,
            AllowedSigners = allowedSigners,
            GpgKeyring = gpgKeyring,
            VerifyAppCommits = verifyAppCommits,
            SigningKey = signingKey,
            Applications = applications,
            Redact = redact,
            Warnings = findings.Items,
            SourcePath = path,
        };
    }

    private static void WarnUnknownKeys(TomlTable root, FindingList findings)
    {
        var known = AgentConfigSchema.Keys.Select(k => k.Name).ToList();
        foreach (var key in root.Keys.Where(key => AgentConfigSchema.Find(key) is null))
        {
            var nearest = KeySuggestion.Nearest(key, known);
            var hint = nearest is null ? $"Known keys: {string.Join(", ", known)}." : $"Did you mean \"{nearest}\"?";
            findings.Warning(root, key, $"unknown key \"{key}\" is ignored. {hint}");
        }
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

            if (!SafeName.IsSafe(name))
            {
                findings.Error(root, "infra_name", $"\"{name}\" is not a folder name. Use the name of this device's folder in the config repo: {SafeName.Rule}, such as \"{SafeName.Suggest(name)}\".");
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

    /// <summary>A text key: null when absent; its allowed values and absolute-path rule checked from the schema.</summary>
    private static string? ReadText(TomlTable root, string name, FindingList findings)
    {
        var key = AgentConfigSchema.Get(name);
        try
        {
            if (!root.TryGetString(name, out var value))
            {
                return null;
            }

            if (key.AllowedValues.Count > 0 && !key.AllowedValues.Contains(value, StringComparer.Ordinal))
            {
                var nearest = KeySuggestion.Nearest(value, key.AllowedValues);
                findings.Error(root, name, $"\"{value}\" is not one of {string.Join(", ", key.AllowedValues.Select(v => $"\"{v}\""))}{(nearest is null ? string.Empty : $"; did you mean \"{nearest}\"?")}");
                return null;
            }

            if (key.AbsolutePath && !Path.IsPathRooted(value))
            {
                findings.Error(root, name, $"\"{value}\" must be an absolute path, such as {key.Example}.");
                return null;
            }

            return value;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, null);
            return null;
        }
    }

    private static bool ReadFlag(TomlTable root, string name, FindingList findings)
    {
        try
        {
            return root.TryGetBoolean(name, out var value) ? value : (bool)AgentConfigSchema.Get(name).Default!;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, null);
            return false;
        }
    }

    /// <summary>A list of regular expressions: each must compile, or the error names its position and what is wrong.</summary>
    private static List<string> ReadPatterns(TomlTable root, string name, FindingList findings)
    {
        var patterns = new List<string>();
        try
        {
            if (!root.TryGetArray(name, out var items) || items is null)
            {
                return patterns;
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not string pattern || pattern.Length == 0)
                {
                    findings.Error(root, name, $"entry {i + 1} is {(items[i] is string ? "empty" : TomlTypeNames.Describe(items[i]))}; each entry is a regular expression in quotes, such as {AgentConfigSchema.Get(name).Example}.");
                    continue;
                }

                if (Reports.SecretRedactor.CheckPattern(pattern) is { } problem)
                {
                    findings.Error(root, name, $"entry {i + 1} (\"{pattern}\") is not a valid regular expression: {problem} Fix it (.NET syntax; in TOML write a backslash as \\\\ or use 'single quotes').");
                    continue;
                }

                patterns.Add(pattern);
            }
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, null);
        }

        return patterns;
    }

    /// <summary>What the verification keys need of each other, and that the key files are there.</summary>
    private static void CheckVerification(TomlTable root, FindingList findings, string mode, string? signers, string? keyring, bool appCommits, string? signingKey)
    {
        void NeedsFile(string key, string? path, string what)
        {
            if (path is null)
            {
                findings.Error(root, "verify_commits", $"verify_commits = \"{mode}\" needs {key}: add {key} = \"/etc/gitops-agent/{(key == "allowed_signers" ? "allowed_signers" : "signers.gpg")}\" naming {what}.");
            }
            else if (!File.Exists(path))
            {
                findings.Error(root, key, $"{path} does not exist. Create it with {what}, or fix the path.");
            }
        }

        switch (mode)
        {
            case "ssh":
                NeedsFile("allowed_signers", signers, "one line per allowed key: <principal> <key type> <public key>");
                break;
            case "gpg":
                NeedsFile("gpg_keyring", keyring, "the allowed public keys (gpg --export KEYID > file)");
                break;
        }

        if (signers is not null && mode != "ssh")
        {
            findings.Warning(root, "allowed_signers", "is not used unless verify_commits = \"ssh\".");
        }

        if (keyring is not null && mode != "gpg")
        {
            findings.Warning(root, "gpg_keyring", "is not used unless verify_commits = \"gpg\".");
        }

        if (appCommits && mode == "none")
        {
            findings.Error(root, "verify_app_commits", "needs verify_commits = \"ssh\" or \"gpg\" (and its allowed keys) to know whose signatures to accept.");
        }

        if (signingKey is not null && !File.Exists(signingKey))
        {
            findings.Error(root, "signing_key", $"{signingKey} does not exist. Make one with ssh-keygen -t ed25519 -N '' -f {signingKey}, or fix the path.");
        }
    }

    /// <summary>The key's value, or its schema default when absent or invalid (the error is recorded once).</summary>
    private static int ReadInteger(TomlTable root, string name, FindingList findings)
    {
        var key = AgentConfigSchema.Get(name);
        var fallback = (int)(long)key.Default!;
        try
        {
            if (!root.TryGetInteger(name, out var value))
            {
                return fallback;
            }

            if (key.CheckRange(value) is { } problem)
            {
                findings.Error(root, name, problem);
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
            if (!SafeName.IsSafe(name))
            {
                findings.Error(table, name, $"\"{name}\" is not a usable app name: it becomes a folder and a file name, so it may hold only {SafeName.Rule}. Rename it here and in infra_meta.toml, e.g. {SafeName.Suggest(name)}.", name);
                continue;
            }

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
