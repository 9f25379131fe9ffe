using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Core.Git;

/// <summary>
/// Checks that a commit is signed by a key the agent config allows (verify_commits = "ssh" or "gpg"), with
/// `git verify-commit` under a configuration the agent owns: the global and system git config are ignored, the
/// allowed keys come only from allowed_signers or gpg_keyring, and GPG gets a keyring folder of its own.
/// </summary>
public sealed class CommitVerifier
{
    private static readonly Dictionary<string, string> IsolatedGit = new(StringComparer.Ordinal)
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    private readonly GitClient _git;
    private readonly AgentConfig _config;
    private readonly AgentPaths _paths;
    private readonly Lazy<string> _gnupgHome;

    private CommitVerifier(GitClient git, AgentConfig config, AgentPaths paths)
    {
        _git = git;
        _config = config;
        _paths = paths;
        _gnupgHome = new Lazy<string>(PrepareGnupgHome);
    }

    public string Mode => _config.VerifyCommits;

    /// <summary>A verifier for <paramref name="config"/>, or null when it does not ask for verification.</summary>
    public static CommitVerifier? For(AgentConfig config, GitClient git, AgentPaths paths)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.VerifyCommits is "ssh" or "gpg" ? new CommitVerifier(git, config, paths) : null;
    }

    /// <summary>Null when <paramref name="commit"/> in <paramref name="repository"/> is signed by an allowed key; else why not, with the fix.</summary>
    public CommitRefusal? Problem(string repository, string commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var environment = new Dictionary<string, string>(IsolatedGit, StringComparer.Ordinal);
        string[] arguments;
        string keys;
        if (Mode == "ssh")
        {
            keys = _config.AllowedSigners!;
            arguments = ["-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=" + keys, "verify-commit", commit];
        }
        else
        {
            keys = _config.GpgKeyring!;
            environment["GNUPGHOME"] = _gnupgHome.Value;
            arguments = ["-c", "gpg.format=openpgp", "-c", "gpg.program=gpg", "verify-commit", commit];
        }

        var result = _git.TryRunWithEnvironment(repository, GitCallKind.Local, environment, arguments);
        if (result.Succeeded)
        {
            return null;
        }

        var said = string.Join(' ', result.StandardError.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(3));
        var reason = said.Length == 0 || said.Contains("no signature found", StringComparison.OrdinalIgnoreCase)
            ? "it is not signed"
            : $"its signature is not from a key in {keys} ({said})";
        return new CommitRefusal(commit, reason, $"Sign it with an allowed key (git commit -S, or a signed merge), or add the signer to {keys}.");
    }

    /// <summary>A GNUPGHOME holding exactly the keys of gpg_keyring, made afresh when the keyring file changes.</summary>
    private string PrepareGnupgHome()
    {
        var keyring = _config.GpgKeyring!;
        var digest = Convert.ToHexString(State.Sha256.HashData(File.ReadAllBytes(keyring)))[..16].ToLowerInvariant();
        var home = Path.Combine(_paths.State, "gnupg", digest);
        if (Directory.Exists(home))
        {
            return home;
        }

        var temporary = home + ".new." + Guid.NewGuid().ToString("N")[..8];
        // gpg refuses a homedir that others can read.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(temporary);
        }
        else
        {
            Directory.CreateDirectory(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var import = new Processes.ProcessRunner().Run(new Processes.ProcessRequest("gpg", ["--homedir", temporary, "--batch", "--quiet", "--no-autostart", "--import", keyring])
        {
            Timeout = TimeSpan.FromMinutes(1),
        });
        if (!import.Succeeded)
        {
            Directory.Delete(temporary, recursive: true);
            throw new GitException($"gpg could not import {keyring}: {import.StandardError.Trim()}. Export the allowed public keys with: gpg --export KEYID > {keyring}");
        }

        Directory.Move(temporary, home);
        return home;
    }
}
