namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>
/// Every key of the agent config (<c>/etc/gitops-agent/config.toml</c>). Adding a key here makes it loadable,
/// validated, settable with Set-GitOpsConfig and listed in the docs; the code that acts on it reads it from
/// <see cref="AgentConfig"/>.
/// </summary>
public static class AgentConfigSchema
{
    public const string Applications = "applications";

    public static IReadOnlyList<ConfigKey> Keys { get; } =
    [
        new()
        {
            Name = "infra_name",
            PropertyName = "InfraName",
            Kind = ConfigValueKind.Text,
            Required = true,
            Pattern = SafeName.Pattern,
            Description = "This device's folder in the config repo (the agent reads <infra_name>/infra_meta.toml there) and the name of its health report.",
            Example = "\"edge-01\"",
        },
        new()
        {
            Name = "interval",
            PropertyName = "Interval",
            Kind = ConfigValueKind.WholeNumber,
            Default = (long)AgentConfig.DefaultIntervalSeconds,
            Minimum = 1,
            Meaning = "seconds between passes",
            Description = "Seconds between passes (a random jitter of up to 10% is added).",
            Example = "300",
        },
        new()
        {
            Name = "monitoring_history_retention_days",
            PropertyName = "MonitoringHistoryRetentionDays",
            Kind = ConfigValueKind.WholeNumber,
            Default = (long)AgentConfig.DefaultRetentionDays,
            Minimum = 1,
            Meaning = "days of monitoring history to keep",
            Description = "Days of monitoring history to keep; older commits are squashed into one.",
            Example = "30",
        },
        new()
        {
            Name = "monitoring_heartbeat_hours",
            PropertyName = "MonitoringHeartbeatHours",
            Kind = ConfigValueKind.WholeNumber,
            Default = (long)AgentConfig.DefaultHeartbeatHours,
            Minimum = 0,
            Meaning = "hours after which an unchanged health report is re-published (0 turns it off)",
            Description = "Hours after which an unchanged health report is published again (0 turns it off).",
            Example = "24",
        },
        new()
        {
            Name = "command_timeout",
            PropertyName = "CommandTimeout",
            Kind = ConfigValueKind.WholeNumber,
            Default = (long)AgentConfig.DefaultCommandTimeoutSeconds,
            Minimum = 1,
            Meaning = "seconds a pre/post command may run",
            Description = "Seconds a pre/post command may run before it is stopped with its child processes.",
            Example = "600",
        },
        new()
        {
            Name = "on_status_change_command",
            PropertyName = "OnStatusChangeCommand",
            Kind = ConfigValueKind.Text,
            Description = "Runs (sh -c) once when an app's status changes, with GITOPS_APP, GITOPS_OLD_STATUS, GITOPS_NEW_STATUS, GITOPS_COMMIT, GITOPS_ERROR and GITOPS_DEVICE set.",
            Example = "\"/usr/local/lib/gitops-agent/alert-webhook.sh\"",
        },
        new()
        {
            Name = "metrics_textfile",
            PropertyName = "MetricsTextfile",
            Kind = ConfigValueKind.Text,
            AbsolutePath = true,
            Pattern = "^/",
            Description = "Where to write Prometheus metrics after each pass, for node_exporter's textfile collector.",
            Example = "\"/var/lib/node_exporter/textfile_collector/gitops_agent.prom\"",
        },
        new()
        {
            Name = "verify_commits",
            PropertyName = "VerifyCommits",
            Kind = ConfigValueKind.Text,
            Default = "none",
            AllowedValues = ["none", "ssh", "gpg"],
            Description = "Use a config commit only when it is signed by an allowed key: \"ssh\" (allowed_signers) or \"gpg\" (gpg_keyring).",
            Example = "\"ssh\"",
        },
        new()
        {
            Name = "allowed_signers",
            PropertyName = "AllowedSigners",
            Kind = ConfigValueKind.Text,
            AbsolutePath = true,
            Pattern = "^/",
            Description = "The SSH keys allowed to sign config commits, in git's gpg.ssh.allowedSignersFile format.",
            Example = "\"/etc/gitops-agent/allowed_signers\"",
        },
        new()
        {
            Name = "gpg_keyring",
            PropertyName = "GpgKeyring",
            Kind = ConfigValueKind.Text,
            AbsolutePath = true,
            Pattern = "^/",
            Description = "The GPG public keys allowed to sign config commits (an exported keyring, binary or armored).",
            Example = "\"/etc/gitops-agent/signers.gpg\"",
        },
        new()
        {
            Name = "verify_app_commits",
            PropertyName = "VerifyAppCommits",
            Kind = ConfigValueKind.Flag,
            Default = false,
            Description = "Also require the pinned app commit to be signed by an allowed key before it is checked out.",
            Example = "true",
        },
        new()
        {
            Name = "signing_key",
            PropertyName = "SigningKey",
            Kind = ConfigValueKind.Text,
            AbsolutePath = true,
            Pattern = "^/",
            Description = "An SSH private key the device signs its monitoring commits with.",
            Example = "\"/etc/gitops-agent/device_signing_key\"",
        },
        new()
        {
            Name = Applications,
            PropertyName = "Applications",
            Kind = ConfigValueKind.Table,
            Required = true,
            Description = "One line per app: name = \"<config repo url>@<branch>\".",
            Example = "{ web = \"git@github.com:org/deploy-config.git@main\" }",
        },
        new()
        {
            Name = "redact",
            PropertyName = "Redact",
            Kind = ConfigValueKind.TextList,
            Description = "Regular expressions (.NET syntax) whose matches are masked as *** in every report, log and hook output the agent keeps or shows, besides URL credentials.",
            Example = "[\"password=\\\\S+\", \"(?i)api[_-]?key=\\\\w+\"]",
        },
    ];

    public static ConfigKey? Find(string name) => Keys.FirstOrDefault(key => key.Name == name);

    public static ConfigKey Get(string name) => Find(name) ?? throw new ArgumentException($"{name} is not an agent config key.", nameof(name));
}
