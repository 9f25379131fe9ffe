using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Processes;

namespace GitOpsAgent.Core.Git;

/// <summary>
/// Runs the git CLI for the agent: argument lists (never a shell), no terminal and no prompts, SSH in
/// batch mode, C locale, a timeout on every call, and safe.directory granted only for the repo at hand.
/// </summary>
public sealed class GitClient
{
    private readonly ProcessRunner _runner;
    private readonly IAgentHost _host;
    private readonly Lazy<IReadOnlyDictionary<string, string>> _environment;

    public GitClient(GitOptions? options = null, IAgentHost? host = null, ProcessRunner? runner = null)
    {
        Options = options ?? new GitOptions();
        _host = RedactingHost.Wrap(host);
        _runner = runner ?? new ProcessRunner();
        _environment = new Lazy<IReadOnlyDictionary<string, string>>(BuildEnvironment);
    }

    /// <summary>The most characters of one git call's output kept (each of stdout and stderr).</summary>
    public const int GitOutputLimit = 64 * 1024 * 1024;

    public GitOptions Options { get; }

    public GitCallStats Stats { get; } = new();

    /// <summary>Stops any running git call (and its process group) when a stop is requested, e.g. on SIGTERM.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Runs git and throws <see cref="GitException"/> when it fails.</summary>
    public string Run(string? repositoryPath, GitCallKind kind, params string[] arguments)
    {
        var result = TryRun(repositoryPath, kind, arguments);
        if (!result.Succeeded)
        {
            throw new GitException($"git {string.Join(' ', arguments)}", repositoryPath, result.ExitCode, result.StandardError, result.TimedOut);
        }

        return result.StandardOutput;
    }

    /// <summary>
    /// The commit HEAD is on in <paramref name="repository"/>, or null when it is on none. Read from the repository's files
    /// when they say it plainly (no process: a steady pass asks it of every config clone), else from git (an unborn branch,
    /// refs git keeps in another form, an id that is not SHA-1).
    /// </summary>
    public string? HeadCommit(string repository)
    {
        if (GitRepositoryLayout.Open(repository)?.ReadHead() is { } head)
        {
            return head;
        }

        var result = TryRun(repository, GitCallKind.Local, "rev-parse", "--verify", "--quiet", "HEAD");
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>Runs git and returns how it ended, for calls whose failure is an answer (rev-parse --verify, cat-file -e).</summary>
    public ProcessResult TryRun(string? repositoryPath, GitCallKind kind, params string[] arguments) =>
        TryRunWithEnvironment(repositoryPath, kind, null, arguments);

    /// <summary>
    /// Runs git with extra environment variables on top of the agent's own, for what git takes only from the
    /// environment (commit-tree's author and committer dates when history is rewritten).
    /// </summary>
    public ProcessResult TryRunWithEnvironment(string? repositoryPath, GitCallKind kind, IReadOnlyDictionary<string, string>? extraEnvironment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var argv = new List<string>(arguments.Length + 4);
        foreach (var setting in Options.ExtraConfig)
        {
            argv.Add("-c");
            argv.Add($"{setting.Key}={setting.Value}");
        }

        if (repositoryPath is not null)
        {
            // Grant ownership trust for exactly this repo: root running in an operator's directory must not need chown.
            argv.Add("-c");
            argv.Add($"safe.directory={repositoryPath}");
            // A repo's own config and hooks run programs: an app's run_as user owns its checkout, and must not make root run
            // one through a post-checkout hook or core.fsmonitor. The agent needs neither.
            argv.Add("-c");
            argv.Add("core.hooksPath=/dev/null");
            argv.Add("-c");
            argv.Add("core.fsmonitor=false");
            // git's automatic gc detaches into the background by default, where it rewrites .git/shallow and packs while
            // the agent's next git call runs ("shallow file has changed since we read it"), and outlives a killed pass:
            // in the foreground it is one more step of the call that needed it, under that call's timeout.
            argv.Add("-c");
            argv.Add("gc.autoDetach=false");
            argv.Add("-C");
            argv.Add(repositoryPath);
        }

        argv.AddRange(arguments);
        var subcommand = arguments.Length > 0 ? arguments[0] : string.Empty;
        Stats.Record(subcommand, kind);
        _host.WriteVerbose(repositoryPath is null ? $"git {string.Join(' ', arguments)}" : $"git {string.Join(' ', arguments)}  ({repositoryPath})");
        var environment = _environment.Value;
        if (extraEnvironment is { Count: > 0 })
        {
            var merged = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            foreach (var pair in extraEnvironment)
            {
                merged[pair.Key] = pair.Value;
            }

            environment = merged;
        }

        var request = new ProcessRequest(Options.GitExecutable, argv)
        {
            Environment = environment,
            Timeout = kind == GitCallKind.Network ? Options.NetworkTimeout : Options.LocalTimeout,
            // git's output is data the agent reads (a 1 000-device README, a root tree, a year of log), not a log to
            // show: cut to a hook's 64 KiB it would silently lose rows and history. Still bounded.
            OutputLimit = GitOutputLimit,
        };
        Faults.FaultInjection.Step($"before git {subcommand}");
        var result = _runner.Run(request, Cancellation);
        Faults.FaultInjection.Step($"after git {subcommand}");
        return result;
    }

    private Dictionary<string, string> BuildEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GCM_INTERACTIVE"] = "never",
            ["SSH_ASKPASS_REQUIRE"] = "never",
            ["LC_ALL"] = "C",
            ["LANGUAGE"] = "C",
            // Observing must not take index.lock away from an operator working in the same repo.
            ["GIT_OPTIONAL_LOCKS"] = "0",
            ["GIT_EDITOR"] = "true",
            ["GIT_MERGE_AUTOEDIT"] = "no",
        };

        // GIT_SSH names a program we cannot add options to; anything else gets batch mode on top of what the operator set.
        if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("GIT_SSH")))
        {
            var baseCommand = System.Environment.GetEnvironmentVariable("GIT_SSH_COMMAND");
            if (string.IsNullOrWhiteSpace(baseCommand))
            {
                baseCommand = ConfiguredSshCommand() ?? "ssh";
            }

            environment["GIT_SSH_COMMAND"] = $"{baseCommand} -o BatchMode=yes -o ConnectTimeout={Options.SshConnectTimeoutSeconds}";
        }

        return environment;
    }

    private string? ConfiguredSshCommand()
    {
        var request = new ProcessRequest(Options.GitExecutable, ["config", "--get", "core.sshCommand"])
        {
            Environment = new Dictionary<string, string> { ["GIT_TERMINAL_PROMPT"] = "0", ["LC_ALL"] = "C" },
            Timeout = Options.LocalTimeout,
        };
        Stats.Record("config", GitCallKind.Local);
        var result = _runner.Run(request);
        var value = result.StandardOutput.Trim();
        return result.Succeeded && value.Length > 0 ? value : null;
    }
}
