using System.Globalization;
using GitOpsAgent.Toml;

namespace GitOpsAgent.Core.AirGap;

/// <summary>What a reports bundle carries: the device and, per config repo, its queue of unpublished reports.</summary>
public sealed record ReportsBundleManifest
{
    public const string Kind = "reports";

    public required string Device { get; init; }

    public DateTimeOffset Created { get; init; }

    public IReadOnlyList<QueuedReports> Queues { get; init; } = [];

    public string ToToml()
    {
        var queues = new TomlTable();
        for (var i = 0; i < Queues.Count; i++)
        {
            var queue = Queues[i];
            var table = new TomlTable
            {
                { "config_url", queue.ConfigUrl },
                { "branch", queue.Branch },
                { "ref", queue.Ref },
                { "tip", queue.Tip },
                { "reports", (long)queue.Reports },
            };
            if (queue.Base is not null)
            {
                table.Add("base", queue.Base);
            }

            queues.Add((i + 1).ToString(CultureInfo.InvariantCulture), table);
        }

        return TomlWriter.Write(new TomlTable { { "kind", Kind }, { "device", Device }, { "created", Created }, { "queues", queues } });
    }

    public static ReportsBundleManifest Parse(TomlTable root, string file)
    {
        ArgumentNullException.ThrowIfNull(root);
        var queues = new List<QueuedReports>();
        if (root.TryGetTable("queues", out var table))
        {
            foreach (var (_, value) in table)
            {
                if (value is TomlTable queue)
                {
                    queues.Add(new QueuedReports
                    {
                        ConfigUrl = ConfigBundleManifest.Required(queue, "config_url", file),
                        Branch = ConfigBundleManifest.Required(queue, "branch", file),
                        Ref = ConfigBundleManifest.Required(queue, "ref", file),
                        Tip = ConfigBundleManifest.Required(queue, "tip", file),
                        Base = queue.TryGetString("base", out var queueBase) ? queueBase : null,
                        Reports = queue.TryGetInteger("reports", out var count) ? (int)count : 0,
                    });
                }
            }
        }

        return new ReportsBundleManifest
        {
            Device = ConfigBundleManifest.Required(root, "device", file),
            Created = root.TryGetOffsetDateTime("created", out var created) ? created : default,
            Queues = queues,
        };
    }
}
