using GitOpsAgent.Core.Configuration.Schema;
using GitOpsAgent.Core.Unix;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// Reads <c>&lt;infra_name&gt;/infra_meta.toml</c> from a config repo checkout and validates every section
/// on its own, so one bad section fails that app only.
/// </summary>
public static class InfraMetaLoader
{
    public const string FileName = "infra_meta.toml";

    private static readonly string[] KnownKeys = [.. InfraMetaSchema.Keys.Select(key => key.Name)];

    private static readonly string[] EntryKeys = [.. InfraMetaSchema.Get(InfraMetaSchema.ConfigFiles).Entries.Select(key => key.Name)];

    private static readonly IReadOnlyList<string> LegacyKeys = InfraMetaSchema.RemovedKeys;

    private static readonly string[] HealthCheckTuning = ["health_check_retries", "health_check_interval"];

    public static string PathFor(string repoRoot, string infraName) => Path.Combine(repoRoot, infraName, FileName);

    public static InfraMeta Load(string repoRoot, string infraName, string? repoDescription = null)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        ArgumentNullException.ThrowIfNull(infraName);
        var file = PathFor(repoRoot, infraName);
        var where = repoDescription ?? repoRoot;
        if (!Directory.Exists(Path.Combine(repoRoot, infraName)))
        {
            return FileProblem(file, $"the config repo {where} has no folder \"{infraName}/\" for this device. Create {infraName}/{FileName} there, or fix infra_name in the agent config.");
        }

        if (!File.Exists(file))
        {
            return FileProblem(file, $"the config repo {where} has the folder \"{infraName}/\" but no {FileName} in it. Add {infraName}/{FileName} with one [app] section per application.");
        }

        // Findings name the file as it is in the config repo, where the operator fixes it.
        var display = repoDescription is null ? file : $"{infraName}/{FileName}";
        return Parse(File.ReadAllBytes(file), display, repoRoot);
    }

    public static InfraMeta Parse(ReadOnlySpan<byte> utf8, string file, string repoRoot)
    {
        TomlTable root;
        try
        {
            root = TomlParser.Parse(utf8, file);
        }
        catch (TomlParseException ex)
        {
            var findings = new FindingList(file);
            findings.AddParseError(ex);
            return new InfraMeta(file, [], findings.Items);
        }

        var apps = new List<DesiredAppResult>();
        var fileFindings = new FindingList(file);
        foreach (var (name, value) in root)
        {
            if (value is TomlTable section)
            {
                apps.Add(ReadSection(name, section, file, repoRoot));
            }
            else
            {
                fileFindings.Warning(root, name, $"\"{name}\" is {TomlTypeNames.Describe(value)}, not an app section; it is ignored. Each app is a table: [{name}] followed by its keys.");
            }
        }

        return new InfraMeta(file, apps, fileFindings.Items);
    }

    private static DesiredAppResult ReadSection(string name, TomlTable section, string file, string repoRoot)
    {
        var findings = new FindingList(file);
        if (!SafeName.IsSafe(name))
        {
            findings.Error(section, null, $"[{name}] is not a usable app name: it becomes a folder and a file name, so it may hold only {SafeName.Rule}. Rename the section (and the app in the agent config), e.g. [{SafeName.Suggest(name)}].", name);
            return new DesiredAppResult(name, null, findings.Items);
        }

        foreach (var legacy in LegacyKeys.Where(section.ContainsKey))
        {
            findings.Error(section, legacy, $"\"{legacy}\" was removed. Write config files as: config_files = [ {{ src = \"{Legacy(section, "config_src_path_rel_in_this_repo", "edge-01/app.env")}\", dst = \"{Legacy(section, "config_dst_path_abs", "/srv/app/.env")}\" }} ]", name);
        }

        foreach (var key in section.Keys.Where(key => !KnownKeys.Contains(key) && !LegacyKeys.Contains(key)))
        {
            findings.Warning(section, key, $"unknown key \"{key}\" is ignored. {Suggest(key, KnownKeys)}", name);
        }

        var codeUrl = RequiredString(section, "code_url", name, findings);
        var commit = RequiredString(section, "code_commit_hash", name, findings);
        if (commit is not null && !Reconcile.CommitId.IsAbbreviation(commit))
        {
            findings.Error(section, "code_commit_hash", $"\"{commit}\" is not a commit id. Write 7 to 40 hexadecimal digits (git rev-parse HEAD in the app repo gives the full id).", name);
            commit = null;
        }

        var localPath = RequiredString(section, "code_local_path", name, findings);
        if (localPath is not null && !IsAbsoluteFolder(localPath))
        {
            findings.Error(section, "code_local_path", $"\"{localPath}\" must be an absolute path such as /srv/{name}, without '..'.", name);
            localPath = null;
        }

        var configFiles = ReadConfigFiles(section, name, repoRoot, findings);
        var pre = OptionalString(section, "pre_updation_command", name, findings);
        var post = OptionalString(section, "post_updation_command", name, findings);
        var runAs = OptionalAccountName(section, "run_as", name, findings);
        var lifecycle = ReadLifecycle(section, name, findings);
        if (findings.HasErrors || codeUrl is null || commit is null || localPath is null)
        {
            return new DesiredAppResult(name, null, findings.Items);
        }

        var app = new DesiredApp
        {
            Name = name,
            CodeUrl = codeUrl,
            CodeCommitHash = commit.ToLowerInvariant(),
            CodeLocalPath = Path.TrimEndingDirectorySeparator(localPath),
            ConfigFiles = configFiles,
            PreUpdationCommand = pre,
            PostUpdationCommand = post,
            RunAs = runAs.Name,
            HealthCheckCommand = lifecycle.HealthCheckCommand,
            HealthCheckRetries = lifecycle.HealthCheckRetries,
            HealthCheckInterval = lifecycle.HealthCheckInterval,
            OnFailure = lifecycle.OnFailure,
            Suspended = lifecycle.Suspended,
            SuspendReason = lifecycle.SuspendReason,
            Sync = lifecycle.Sync,
            OnRemoval = lifecycle.OnRemoval,
            RemovalCommand = lifecycle.RemovalCommand,
            SourceFile = file,
            SourceLine = section.Position?.Line,
        };
        return new DesiredAppResult(name, app, findings.Items);
    }

    /// <summary>The lifecycle keys (health check, on_failure, suspend, sync, removal), with the defaults of the schema.</summary>
    private static DesiredApp ReadLifecycle(TomlTable section, string app, FindingList findings)
    {
        var check = OptionalString(section, "health_check_command", app, findings);
        var retries = OptionalWholeNumber(section, "health_check_retries", DesiredApp.DefaultHealthCheckRetries, app, findings);
        var interval = OptionalWholeNumber(section, "health_check_interval", DesiredApp.DefaultHealthCheckInterval, app, findings);
        var suspended = OptionalFlag(section, "suspended", app, findings);
        var reason = OptionalString(section, "suspend_reason", app, findings);
        var removalCommand = OptionalString(section, "removal_command", app, findings);
        var onRemoval = OptionalChoice(section, "on_removal", app, findings) == "remove" ? RemovalPolicy.Remove : RemovalPolicy.Keep;

        // A key that only works with another would otherwise do nothing without a word.
        if (check is null)
        {
            foreach (var key in HealthCheckTuning.Where(section.ContainsKey))
            {
                findings.Warning(section, key, $"\"{key}\" has no effect without health_check_command; add health_check_command = \"<command that exits 0 when {app} works>\", or remove {key}.", app);
            }
        }

        if (reason is not null && !suspended)
        {
            findings.Warning(section, "suspend_reason", $"\"suspend_reason\" has no effect without suspended = true; add suspended = true to suspend {app}, or remove suspend_reason.", app);
        }

        if (removalCommand is not null && onRemoval != RemovalPolicy.Remove)
        {
            findings.Warning(section, "removal_command", $"\"removal_command\" runs only with on_removal = \"remove\"; add that, or remove removal_command.", app);
        }

        return new DesiredApp
        {
            Name = app,
            CodeUrl = string.Empty,
            CodeCommitHash = string.Empty,
            CodeLocalPath = string.Empty,
            HealthCheckCommand = check,
            HealthCheckRetries = retries,
            HealthCheckInterval = interval,
            OnFailure = OptionalChoice(section, "on_failure", app, findings) switch
            {
                "retry" => FailurePolicy.Retry,
                "hold" => FailurePolicy.Hold,
                _ => FailurePolicy.Rollback,
            },
            Suspended = suspended,
            SuspendReason = reason,
            Sync = OptionalChoice(section, "sync", app, findings) == "manual" ? SyncMode.Manual : SyncMode.Auto,
            OnRemoval = onRemoval,
            RemovalCommand = removalCommand,
        };
    }

    /// <summary>A text key with a fixed set of values (the schema's AllowedValues); null when absent or wrong.</summary>
    private static string? OptionalChoice(TomlTable table, string key, string app, FindingList findings)
    {
        var allowed = InfraMetaSchema.Get(key).AllowedValues;
        try
        {
            if (!table.TryGetString(key, out var value))
            {
                return null;
            }

            if (allowed.Contains(value, StringComparer.Ordinal))
            {
                return value;
            }

            var nearest = KeySuggestion.Nearest(value, allowed);
            findings.Error(table, key, $"\"{value}\" is not one of {string.Join(", ", allowed.Select(v => $"\"{v}\""))}{(nearest is null ? string.Empty : $"; did you mean \"{nearest}\"?")} Write for example {key} = {InfraMetaSchema.Get(key).Example}.", app);
            return null;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return null;
        }
    }

    private static int OptionalWholeNumber(TomlTable table, string key, int fallback, string app, FindingList findings)
    {
        try
        {
            if (!table.TryGetInteger(key, out var value))
            {
                return fallback;
            }

            if (InfraMetaSchema.Get(key).CheckRange(value) is { } problem)
            {
                findings.Error(table, key, problem, app);
                return fallback;
            }

            return (int)value;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return fallback;
        }
    }

    private static bool OptionalFlag(TomlTable table, string key, string app, FindingList findings)
    {
        try
        {
            return table.TryGetBoolean(key, out var value) && value;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return false;
        }
    }

    private static List<ConfigFileMapping> ReadConfigFiles(TomlTable section, string app, string repoRoot, FindingList findings)
    {
        var mappings = new List<ConfigFileMapping>();
        TomlArray? entries;
        try
        {
            if (!section.TryGetArray("config_files", out entries) || entries is null)
            {
                return mappings;
            }
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return mappings;
        }

        var root = Path.GetFullPath(repoRoot);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not TomlTable entry)
            {
                findings.Error(section, "config_files", $"entry {i + 1} is {TomlTypeNames.Describe(entries[i])}; each entry is {{ src = \"path/in/repo\", dst = \"/absolute/path\" }}, optionally with mode, owner and group.", app);
                continue;
            }

            foreach (var key in entry.Keys.Where(key => !EntryKeys.Contains(key)))
            {
                var nearest = KeySuggestion.Nearest(key, EntryKeys);
                findings.Warning(entry, key, $"unknown key \"{key}\" in a config_files entry is ignored; entries have {string.Join(", ", EntryKeys)}.{(nearest is null ? string.Empty : $" Did you mean \"{nearest}\"?")}", app);
            }

            var src = RequiredString(entry, "src", app, findings, InfraMetaSchema.Get(InfraMetaSchema.ConfigFiles).Entries);
            var dst = RequiredString(entry, "dst", app, findings, InfraMetaSchema.Get(InfraMetaSchema.ConfigFiles).Entries);
            if (src is not null)
            {
                var full = Path.GetFullPath(Path.Combine(root, src));
                if (Path.IsPathRooted(src) || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    findings.Error(entry, "src", $"\"{src}\" points outside the config repo. Write a path relative to the repo root, such as {app}/app.env.", app);
                    src = null;
                }
            }

            if (dst is not null && (!IsAbsoluteFolder(dst) || dst.EndsWith('/')))
            {
                findings.Error(entry, "dst", $"\"{dst}\" must be an absolute file path such as /srv/{app}/.env, without '..'.", app);
                dst = null;
            }

            var (mode, modeOk) = ReadMode(entry, app, findings);
            var owner = OptionalAccountName(entry, "owner", app, findings);
            var group = OptionalAccountName(entry, "group", app, findings);
            if (src is not null && dst is not null && modeOk && owner.Ok && group.Ok)
            {
                mappings.Add(new ConfigFileMapping(src, dst) { Mode = mode, Owner = owner.Name, Group = group.Name });
            }
        }

        return mappings;
    }

    /// <summary>A config file's mode: 3 or 4 octal digits, as chmod takes them.</summary>
    private static (int? Mode, bool Ok) ReadMode(TomlTable entry, string app, FindingList findings)
    {
        try
        {
            if (!entry.TryGetValue("mode", out var value))
            {
                return (null, true);
            }

            if (value is string text && text.Length is 3 or 4 && text.All(c => c is >= '0' and <= '7'))
            {
                return (Convert.ToInt32(text, 8), true);
            }

            // A TOML integer 0640 is not octal (and 640 is decimal), so only the quoted form is unambiguous.
            var written = value is string quoted ? $"\"{quoted}\"" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            findings.Error(entry, "mode", $"{written} is not a file mode. Write 3 or 4 octal digits in quotes, such as mode = \"0640\" (owner read/write, group read, others nothing).", app);
            return (null, false);
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return (null, false);
        }
    }

    /// <summary>An optional user or group name (or numeric id) of safe characters; whether it exists is checked on the device.</summary>
    private static (string? Name, bool Ok) OptionalAccountName(TomlTable table, string key, string app, FindingList findings)
    {
        try
        {
            if (!table.TryGetString(key, out var value))
            {
                return (null, true);
            }

            if (!UnixAccounts.IsValidName(value))
            {
                findings.Error(table, key, $"\"{value}\" is not a usable {key}: write {UnixAccounts.NameRule}, such as {key} = \"web\".", app);
                return (null, false);
            }

            return (value, true);
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return (null, false);
        }
    }

    /// <summary>"Did you mean …?" for a near miss, else the list of known keys.</summary>
    private static string Suggest(string key, IReadOnlyList<string> known) =>
        KeySuggestion.Nearest(key, known) is { } nearest ? $"Did you mean \"{nearest}\"?" : $"Known keys: {string.Join(", ", known)}.";

    private static string? RequiredString(TomlTable table, string key, string app, FindingList findings, IReadOnlyList<ConfigKey>? keys = null)
    {
        var meaning = (keys ?? InfraMetaSchema.Keys).Single(k => k.Name == key).Meaning ?? key;
        try
        {
            if (!table.TryGetString(key, out var value))
            {
                findings.Error(table, null, $"required key \"{key}\" is missing: {meaning}.", app);
                return null;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                findings.Error(table, key, $"is empty; it must be {meaning}.", app);
                return null;
            }

            return value.Trim();
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return null;
        }
    }

    private static string? OptionalString(TomlTable table, string key, string app, FindingList findings)
    {
        try
        {
            return table.TryGetString(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        }
        catch (TomlTypeException ex)
        {
            findings.AddTypeError(ex, app);
            return null;
        }
    }

    private static bool IsAbsoluteFolder(string path) =>
        path.StartsWith('/') && path.Length > 1 && !path.Split('/').Any(segment => segment is ".." or ".");

    private static string Legacy(TomlTable section, string key, string fallback) =>
        section.TryGetValue(key, out var value) && value is string text ? text : fallback;

    private static InfraMeta FileProblem(string file, string message) =>
        new(file, [], [new ConfigFinding { Severity = FindingSeverity.Error, File = file, Message = message }]);
}
