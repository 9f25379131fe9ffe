using GitOpsAgent.Core.Unix;

namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>
/// Every key of an app section of <c>&lt;infra_name&gt;/infra_meta.toml</c>. The loader's known keys, required keys
/// and their meanings, the README table and the JSON Schema for editors all come from here.
/// </summary>
public static class InfraMetaSchema
{
    public const string ConfigFiles = "config_files";

    public static IReadOnlyList<ConfigKey> Keys { get; } =
    [
        new()
        {
            Name = "code_url",
            PropertyName = "CodeUrl",
            Kind = ConfigValueKind.Text,
            Required = true,
            Meaning = "the app repo's clone URL",
            Description = "The app repo's clone URL (ssh, https or file).",
            Example = "\"git@github.com:org/web.git\"",
        },
        new()
        {
            Name = "code_commit_hash",
            PropertyName = "CodeCommitHash",
            Kind = ConfigValueKind.Text,
            Required = true,
            Pattern = "^[0-9a-fA-F]{7,40}$",
            Meaning = "the commit id (7 to 40 hex digits) this device must run",
            Description = "The commit this device must run: 7 to 40 hex digits.",
            Example = "\"3f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b\"",
        },
        new()
        {
            Name = "code_local_path",
            PropertyName = "CodeLocalPath",
            Kind = ConfigValueKind.Text,
            Required = true,
            AbsolutePath = true,
            Pattern = "^/",
            Meaning = "the absolute folder the app is checked out in",
            Description = "The absolute folder the app is checked out in.",
            Example = "\"/srv/web\"",
        },
        new()
        {
            Name = ConfigFiles,
            PropertyName = "ConfigFiles",
            Kind = ConfigValueKind.TableList,
            Description = "Files copied from the config repo into place, atomically, parents created.",
            Example = "[ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\", mode = \"0640\", owner = \"web\", group = \"web\" } ]",
            Entries =
            [
                new()
                {
                    Name = "src",
                    PropertyName = "Source",
                    Kind = ConfigValueKind.Text,
                    Required = true,
                    Meaning = "the file's path relative to the config repo root",
                    Description = "The file's path relative to the config repo root.",
                    Example = "\"edge-01/web.env\"",
                },
                new()
                {
                    Name = "dst",
                    PropertyName = "Destination",
                    Kind = ConfigValueKind.Text,
                    Required = true,
                    AbsolutePath = true,
                    Pattern = "^/",
                    Meaning = "the absolute path the file is copied to",
                    Description = "The absolute path the file is copied to.",
                    Example = "\"/srv/web/.env\"",
                },
                new()
                {
                    Name = "mode",
                    PropertyName = "Mode",
                    Kind = ConfigValueKind.Text,
                    Pattern = "^[0-7]{3,4}$",
                    Meaning = "the file's permission bits as 3 or 4 octal digits",
                    Description = "The file's permission bits, in octal. Not given: a replaced file keeps its mode, a new one gets 0644. A different mode on the device is drift.",
                    Example = "\"0640\"",
                },
                new()
                {
                    Name = "owner",
                    PropertyName = "Owner",
                    Kind = ConfigValueKind.Text,
                    Pattern = UnixAccounts.NamePattern,
                    Meaning = "the user (name or numeric id) that owns the file",
                    Description = "The user that owns the file (name or numeric id; it must exist on the device). Not given: a replaced file keeps its owner, a new one is root's. A different owner on the device is drift.",
                    Example = "\"web\"",
                },
                new()
                {
                    Name = "group",
                    PropertyName = "Group",
                    Kind = ConfigValueKind.Text,
                    Pattern = UnixAccounts.NamePattern,
                    Meaning = "the group (name or numeric id) of the file",
                    Description = "The file's group (name or numeric id; it must exist on the device). Not given: a replaced file keeps its group, a new one is root's. A different group on the device is drift.",
                    Example = "\"web\"",
                },
            ],
        },
        new()
        {
            Name = "pre_updation_command",
            PropertyName = "PreUpdationCommand",
            Kind = ConfigValueKind.Text,
            Description = "Runs (sh -c) before the app is changed; a failure leaves the app as it was.",
            Example = "\"systemctl stop web\"",
        },
        new()
        {
            Name = "post_updation_command",
            PropertyName = "PostUpdationCommand",
            Kind = ConfigValueKind.Text,
            Description = "Runs (sh -c) after the code and config files are in place.",
            Example = "\"systemctl start web\"",
        },
        new()
        {
            Name = "run_as",
            PropertyName = "RunAs",
            Kind = ConfigValueKind.Text,
            Pattern = UnixAccounts.NamePattern,
            Meaning = "the user (name or numeric id) the app's commands run as",
            Description = "Runs the app's commands as this user (its groups, its home, a clean environment plus the GITOPS_* variables) and gives the app's checkout to that user. Not given: root.",
            Example = "\"web\"",
        },
        new()
        {
            Name = "health_check_command",
            PropertyName = "HealthCheckCommand",
            Kind = ConfigValueKind.Text,
            Description = "Runs (sh -c, bounded by command_timeout) after the post command and at every pass while the app is in sync; exit 0 means healthy. A failing check makes a new release fail (and roll back, see on_failure) and shows a crashed service as \"❌ health check failed\" with the check's output.",
            Example = "\"curl -fsS http://localhost:8080/health\"",
        },
        new()
        {
            Name = "health_check_retries",
            PropertyName = "HealthCheckRetries",
            Kind = ConfigValueKind.WholeNumber,
            Default = (long)DesiredApp.DefaultHealthCheckRetries,
            Minimum = 1,
            Maximum = 100,
            Meaning = "failed health checks in a row before the app counts as unhealthy",
            Description = "How many times the health check is tried before the app counts as unhealthy (like Docker's HEALTHCHECK --retries): the first success ends it.",
            Example = "3",
        },
        new()
        {
            Name = "health_check_interval",
            PropertyName = "HealthCheckInterval",
            Kind = ConfigValueKind.WholeNumber,
            Default = (long)DesiredApp.DefaultHealthCheckInterval,
            Minimum = 0,
            Maximum = 3600,
            Meaning = "seconds between two tries of the health check",
            Description = "Seconds between two tries of the health check.",
            Example = "5",
        },
        new()
        {
            Name = "on_failure",
            PropertyName = "OnFailure",
            Kind = ConfigValueKind.Text,
            Default = "rollback",
            AllowedValues = ["rollback", "retry", "hold"],
            Meaning = "what the agent does when applying a new desired state fails",
            Description = "When applying a new desired state fails (pre command, checkout, config files, post command or health check): \"rollback\" restores the last state that was healthy on this device (like \"hold\" before there is one); \"retry\" tries again after 1, 2, 4 … passes (at most an hour apart); \"hold\" leaves the app as the failure left it. A failed desired state is not tried again until it changes in git or an operator retries it (reconcile --retry).",
            Example = "\"rollback\"",
        },
        new()
        {
            Name = "suspended",
            PropertyName = "Suspended",
            Kind = ConfigValueKind.Flag,
            Default = false,
            Meaning = "true to stop changing the app on every device",
            Description = "true: the app is observed and its drift reported, but nothing is changed on any device (\"⏸ suspended: <suspend_reason>\"). A device can also suspend an app by itself: gitops-agent suspend.",
            Example = "true",
        },
        new()
        {
            Name = "suspend_reason",
            PropertyName = "SuspendReason",
            Kind = ConfigValueKind.Text,
            Meaning = "why the app is suspended",
            Description = "Why the app is suspended; shown in its status, the report and the fleet view. Used with suspended = true.",
            Example = "\"database migration window\"",
        },
        new()
        {
            Name = "sync",
            PropertyName = "Sync",
            Kind = ConfigValueKind.Text,
            Default = "auto",
            AllowedValues = ["auto", "manual"],
            Meaning = "whether a pass applies drift by itself",
            Description = "\"manual\": drift is detected and reported (\"🔶 out of sync (manual)\") but applied only when an operator runs gitops-agent sync <app> (Invoke-GitOpsReconcile -Sync) on the device.",
            Example = "\"manual\"",
        },
        new()
        {
            Name = "on_removal",
            PropertyName = "OnRemoval",
            Kind = ConfigValueKind.Text,
            Default = "keep",
            AllowedValues = ["keep", "remove"],
            Meaning = "what happens on the device when the app leaves infra_meta.toml or the agent config",
            Description = "When the app leaves infra_meta.toml or the agent config (decided by the last declaration the device saw): \"keep\" leaves everything on disk; \"remove\" runs removal_command, moves its config files to the backups and its checkout to <home>/removed/<app>/<time>/.",
            Example = "\"remove\"",
        },
        new()
        {
            Name = "removal_command",
            PropertyName = "RemovalCommand",
            Kind = ConfigValueKind.Text,
            Meaning = "the command that stops the app before it is removed",
            Description = "Runs (sh -c) before an app with on_removal = \"remove\" is taken off the device; if it fails, nothing is moved and it is tried again at later passes.",
            Example = "\"systemctl disable --now web\"",
        },
    ];

    /// <summary>Keys that were removed; the loader names their replacement.</summary>
    public static IReadOnlyList<string> RemovedKeys { get; } = ["config_src_path_rel_in_this_repo", "config_dst_path_abs"];

    public static ConfigKey? Find(string name) => Keys.FirstOrDefault(key => key.Name == name);

    public static ConfigKey Get(string name) => Find(name) ?? throw new ArgumentException($"{name} is not an infra_meta.toml key.", nameof(name));
}
