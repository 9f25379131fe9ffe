using System.Globalization;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.AirGap;

/// <summary>
/// What a config bundle is for: the device, the config repo and branch it was made from, the config commit, and
/// each app's pinned commit. Stored in the bundle itself (<see cref="ManifestCommit"/>) so the file is all there is.
/// </summary>
public sealed record ConfigBundleManifest
{
    public const string Kind = "config";

    public required string Device { get; init; }

    public required string ConfigUrl { get; init; }

    public required string Branch { get; init; }

    public required string ConfigCommit { get; init; }

    /// <summary>False when the device already has <see cref="ConfigCommit"/> (by its last report).</summary>
    public bool ConfigIncluded { get; init; }

    /// <summary>The config commit the bundle was made against, or null.</summary>
    public string? ConfigBase { get; init; }

    public bool Full { get; init; }

    public DateTimeOffset Created { get; init; }

    public IReadOnlyList<BundledApp> Apps { get; init; } = [];

    public string ToToml()
    {
        var apps = new TomlTable();
        foreach (var app in Apps)
        {
            var table = new TomlTable { { "code_url", app.CodeUrl }, { "commit", app.Commit }, { "included", app.Included } };
            if (app.Base is not null)
            {
                table.Add("base", app.Base);
            }

            apps.Add(app.Name, table);
        }

        var root = new TomlTable
        {
            { "kind", Kind },
            { "device", Device },
            { "config_url", ConfigUrl },
            { "branch", Branch },
            { "config_commit", ConfigCommit },
            { "config_included", ConfigIncluded },
            { "full", Full },
            { "created", Created },
        };
        if (ConfigBase is not null)
        {
            root.Add("config_base", ConfigBase);
        }

        root.Add("apps", apps);
        return TomlWriter.Write(root);
    }

    public static ConfigBundleManifest Parse(TomlTable root, string file)
    {
        ArgumentNullException.ThrowIfNull(root);
        var apps = new List<BundledApp>();
        if (root.TryGetTable("apps", out var table))
        {
            foreach (var (name, value) in table)
            {
                if (value is TomlTable app)
                {
                    apps.Add(new BundledApp
                    {
                        Name = name,
                        CodeUrl = Required(app, "code_url", file),
                        Commit = Required(app, "commit", file),
                        Included = app.TryGetBoolean("included", out var included) && included,
                        Base = app.TryGetString("base", out var appBase) ? appBase : null,
                    });
                }
            }
        }

        return new ConfigBundleManifest
        {
            Device = Required(root, "device", file),
            ConfigUrl = Required(root, "config_url", file),
            Branch = Required(root, "branch", file),
            ConfigCommit = Required(root, "config_commit", file),
            ConfigIncluded = root.TryGetBoolean("config_included", out var configIncluded) && configIncluded,
            ConfigBase = root.TryGetString("config_base", out var configBase) ? configBase : null,
            Full = root.TryGetBoolean("full", out var full) && full,
            Created = root.TryGetOffsetDateTime("created", out var created) ? created : default,
            Apps = apps,
        };
    }

    internal static string Required(TomlTable table, string key, string file) =>
        table.TryGetString(key, out var value) && value.Length > 0
            ? value
            : throw new AirGapException(string.Create(CultureInfo.InvariantCulture, $"{file}: its manifest has no '{key}'; it was not made by this version of gitops-agent, or it was altered. Make it again."));
}
