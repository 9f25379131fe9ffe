using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Hosting;
using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Operations;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

/// <summary>
/// verify_commits on real repos with real keys (ssh-keygen, gpg --batch): a config commit is used only when it is
/// signed by an allowed key; anything else leaves every app at its last trusted state and says why.
/// </summary>
public sealed class CommitVerificationTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();
    private readonly TempDirectory _keys = new("gitops-keys");

    public void Dispose()
    {
        _sandbox.Dispose();
        _keys.Dispose();
    }

    private string AllowedKey => _keys.Combine("allowed");

    private string AllowedSigners => _keys.Combine("allowed_signers");

    private void MakeSshKeys()
    {
        foreach (var name in new[] { "allowed", "stranger" })
        {
            Run("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", name, "-f", _keys.Combine(name));
        }

        File.WriteAllText(AllowedSigners, "operator@example.test " + File.ReadAllText(_keys.Combine("allowed.pub")));
    }

    private void WriteConfig(string apps, string verification)
    {
        _sandbox.WriteAgentConfig(apps.Split(','), verification);
    }

    /// <summary>Commits what is staged in the config repo, signed with <paramref name="key"/> (null: unsigned), and pushes it.</summary>
    private string CommitConfig(string? key, string message = "update config")
    {
        TestGit.Run(_sandbox.ConfigWork, "add", "--all");
        var signing = key is null ? Array.Empty<string>() : ["-c", "gpg.format=ssh", "-c", "user.signingkey=" + key];
        TestGit.Run(_sandbox.ConfigWork, [.. signing, "commit", "--quiet", "--allow-empty", .. (key is null ? Array.Empty<string>() : ["-S"]), "-m", message]);
        TestGit.Run(_sandbox.ConfigWork, "push", "--quiet", "origin", "HEAD:main");
        return TestGit.Run(_sandbox.ConfigWork, "rev-parse", "HEAD");
    }

    private void DeclareWeb(string commit, string? key)
    {
        _sandbox.WriteConfigRepoFile("edge-01/infra_meta.toml", _sandbox.Section("web", commit));
        CommitConfig(key);
    }

    [Fact]
    public void A_config_commit_signed_by_an_allowed_ssh_key_is_used()
    {
        MakeSshKeys();
        DeclareWeb(_sandbox.CreateApp("web"), AllowedKey);
        WriteConfig("web", $"verify_commits = \"ssh\"\nallowed_signers = \"{AllowedSigners}\"\n");

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.True(web.Healthy, web.Error);
        Assert.True(File.Exists(Path.Combine(_sandbox.AppPath("web"), "app.txt")));
    }

    [Theory]
    [InlineData("stranger", "its signature is not from a key in")]
    [InlineData(null, "it is not signed")]
    public void A_config_commit_not_signed_by_an_allowed_key_is_refused_and_nothing_runs(string? signer, string reason)
    {
        MakeSshKeys();
        var commit = _sandbox.CreateApp("web");
        _sandbox.WriteConfigRepoFile("edge-01/infra_meta.toml", _sandbox.Section("web", commit, post: $"touch {_sandbox.Root}/post-ran"));
        var head = CommitConfig(signer is null ? null : _keys.Combine(signer));
        WriteConfig("web", $"verify_commits = \"ssh\"\nallowed_signers = \"{AllowedSigners}\"\n");

        var report = _sandbox.Pass();

        var web = Assert.Single(report.Apps);
        Assert.StartsWith($"{StatusLabels.UntrustedPrefix} {head[..12]}: {reason}", web.Status, StringComparison.Ordinal);
        Assert.Contains(AllowedSigners, web.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));
        Assert.False(File.Exists(Path.Combine(_sandbox.Root, "post-ran")));
        Assert.Equal(AppFailureKind.UntrustedCommit, AppFailure.For(web, report)!.Kind);
        Assert.Equal("GitOps.UntrustedCommit", AppFailure.For(web, report)!.ErrorId);
    }

    [Fact]
    public void After_a_trusted_deployment_an_unsigned_change_leaves_the_apps_on_the_last_trusted_commit()
    {
        MakeSshKeys();
        var v1 = _sandbox.CreateApp("web");
        DeclareWeb(v1, AllowedKey);
        WriteConfig("web", $"verify_commits = \"ssh\"\nallowed_signers = \"{AllowedSigners}\"\n");
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
        var clone = Path.Combine(_sandbox.Home, "app-configs", _sandbox.LoadConfig().Applications[0].Source.CloneDirectoryName);
        var trusted = TestGit.Run(clone, "rev-parse", "HEAD");

        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2 from an attacker\n");
        _sandbox.WriteConfigRepoFile("edge-01/infra_meta.toml", _sandbox.Section("web", v2));
        var unsigned = CommitConfig(key: null, "unsigned change");

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.StartsWith($"{StatusLabels.UntrustedPrefix} {unsigned[..12]}", web.Status, StringComparison.Ordinal);
        Assert.Equal("web v1\n", File.ReadAllText(Path.Combine(_sandbox.AppPath("web"), "app.txt")));
        Assert.Equal(trusted, TestGit.Run(clone, "rev-parse", "HEAD"));
    }

    [Fact]
    public void A_merge_is_trusted_by_its_own_signature_only()
    {
        MakeSshKeys();
        DeclareWeb(_sandbox.CreateApp("web"), AllowedKey);
        WriteConfig("web", $"verify_commits = \"ssh\"\nallowed_signers = \"{AllowedSigners}\"\n");
        TestGit.Run(_sandbox.ConfigWork, "checkout", "--quiet", "-b", "topic");
        _sandbox.WriteConfigRepoFile("notes.txt", "from an unsigned branch\n");
        TestGit.Run(_sandbox.ConfigWork, "add", "--all");
        TestGit.Run(_sandbox.ConfigWork, "commit", "--quiet", "-m", "unsigned topic commit");
        TestGit.Run(_sandbox.ConfigWork, "checkout", "--quiet", "main");

        // An unsigned merge of a signed and an unsigned commit: refused.
        TestGit.Run(_sandbox.ConfigWork, "merge", "--quiet", "--no-ff", "--no-edit", "topic");
        TestGit.Run(_sandbox.ConfigWork, "push", "--quiet", "origin", "HEAD:main");
        Assert.StartsWith(StatusLabels.UntrustedPrefix, Assert.Single(_sandbox.Pass().Apps).Status, StringComparison.Ordinal);

        // The same merge signed by an allowed key: its signer vouches for what it merges.
        TestGit.Run(_sandbox.ConfigWork, "-c", "gpg.format=ssh", "-c", "user.signingkey=" + AllowedKey, "commit", "--quiet", "--amend", "-S", "--no-edit");
        TestGit.Run(_sandbox.ConfigWork, "push", "--quiet", "--force", "origin", "HEAD:main");
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
    }

    [Fact]
    public void A_signature_over_tampered_content_is_refused()
    {
        MakeSshKeys();
        DeclareWeb(_sandbox.CreateApp("web"), AllowedKey);
        var signed = TestGit.Run(_sandbox.ConfigWork, "cat-file", "commit", "HEAD");
        // The same commit object, signature and all, with another message: the signature no longer covers it.
        var tamperedText = signed.Replace("update config", "update config (tampered)", StringComparison.Ordinal) + "\n";
        var objectFile = _keys.Combine("tampered-commit");
        File.WriteAllText(objectFile, tamperedText);
        var tampered = TestGit.Run(_sandbox.ConfigWork, "hash-object", "-t", "commit", "-w", objectFile);
        TestGit.Run(_sandbox.ConfigWork, "push", "--quiet", "--force", "origin", $"{tampered}:refs/heads/main");
        WriteConfig("web", $"verify_commits = \"ssh\"\nallowed_signers = \"{AllowedSigners}\"\n");

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.StartsWith($"{StatusLabels.UntrustedPrefix} {tampered[..12]}: its signature is not from a key in", web.Status, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.AppPath("web")));
    }

    [Fact]
    public void Gpg_signatures_are_checked_against_gpg_keyring_only()
    {
        // Both keys carry the committer's identity, which is what git asks gpg to sign with.
        var signerHome = MakeGpgHome("signer", "Test Operator <operator@example.test>");
        var strangerHome = MakeGpgHome("stranger", "Test Operator <operator@example.test>");
        var keyring = _keys.Combine("signers.asc");
        File.WriteAllText(keyring, Run("gpg", "--homedir", signerHome, "--batch", "--armor", "--export").StandardOutput);
        DeclareWebSignedWithGpg(_sandbox.CreateApp("web"), signerHome);
        WriteConfig("web", $"verify_commits = \"gpg\"\ngpg_keyring = \"{keyring}\"\n");

        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);

        _sandbox.WriteConfigRepoFile("notes.txt", "signed by someone else\n");
        DeclareWebSignedWithGpg(null, strangerHome);
        var web = Assert.Single(_sandbox.Pass().Apps);
        Assert.StartsWith(StatusLabels.UntrustedPrefix, web.Status, StringComparison.Ordinal);
        Assert.Contains(keyring, web.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void With_verify_app_commits_an_unsigned_app_commit_is_refused_before_the_pre_command_runs()
    {
        MakeSshKeys();
        var v1 = _sandbox.CreateApp("web");
        var work = Path.Combine(_sandbox.Work, "web");
        TestGit.Run(work, "-c", "gpg.format=ssh", "-c", "user.signingkey=" + AllowedKey, "commit", "--quiet", "--amend", "-S", "--no-edit");
        TestGit.Run(work, "push", "--quiet", "--force", "origin", "HEAD:main");
        v1 = TestGit.Run(work, "rev-parse", "HEAD");
        var marker = Path.Combine(_sandbox.Root, "pre-ran");
        _sandbox.WriteConfigRepoFile("edge-01/infra_meta.toml", _sandbox.Section("web", v1, pre: $"touch {marker}"));
        CommitConfig(AllowedKey);
        WriteConfig("web", $"verify_commits = \"ssh\"\nallowed_signers = \"{AllowedSigners}\"\nverify_app_commits = true\n");
        Assert.True(Assert.Single(_sandbox.Pass().Apps).Healthy);
        File.Delete(marker);

        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2, unsigned\n");
        _sandbox.WriteConfigRepoFile("edge-01/infra_meta.toml", _sandbox.Section("web", v2, pre: $"touch {marker}"));
        CommitConfig(AllowedKey);
        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.StartsWith($"{StatusLabels.UntrustedPrefix} {v2[..12]}: it is not signed", web.Status, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the pre command must not run for an untrusted release");
        Assert.Equal("web v1\n", File.ReadAllText(Path.Combine(_sandbox.AppPath("web"), "app.txt")));
    }

    [Fact]
    public void Monitoring_commits_are_signed_with_the_device_key()
    {
        MakeSshKeys();
        DeclareWeb(_sandbox.CreateApp("web"), AllowedKey);
        WriteConfig("web", $"signing_key = \"{AllowedKey}\"\n");

        var published = new ReconcileRunner(_sandbox.Paths, NullAgentHost.Instance).Run(_sandbox.LoadConfig(), new ReconcileOptions(), publish: true, TestContext.Current.CancellationToken).Published;

        Assert.True(Assert.Single(published).Pushed);
        var bare = Path.Combine(_sandbox.Remotes, "deploy-config.git");
        var verify = TestGit.Run(bare, "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=" + AllowedSigners, "log", "-1", "--format=%G?", "main-monitoring");
        Assert.Equal("G", verify);
    }

    [Fact]
    public void The_config_says_what_verification_needs()
    {
        var missing = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse("infra_name = \"edge-01\"\nverify_commits = \"ssh\"\n[applications]\nweb = \"file:///x.git@main\"\n", "/etc/gitops-agent/config.toml"));
        Assert.Contains("needs allowed_signers", Assert.Single(missing.Findings).Message, StringComparison.Ordinal);

        var typo = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse("infra_name = \"edge-01\"\nverify_commits = \"shh\"\n[applications]\nweb = \"file:///x.git@main\"\n", "/etc/gitops-agent/config.toml"));
        var finding = Assert.Single(typo.Findings);
        Assert.Equal(2, finding.Line);
        Assert.Contains("did you mean \"ssh\"?", finding.Message, StringComparison.Ordinal);

        var apps = Assert.Throws<ConfigurationException>(() => AgentConfigLoader.Parse("infra_name = \"edge-01\"\nverify_app_commits = true\n[applications]\nweb = \"file:///x.git@main\"\n", "/etc/gitops-agent/config.toml"));
        Assert.Contains("needs verify_commits", Assert.Single(apps.Findings).Message, StringComparison.Ordinal);
    }

    private string MakeGpgHome(string name, string identity)
    {
        var home = _keys.Combine("gnupg-" + name);
        Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Run("gpg", "--homedir", home, "--batch", "--passphrase", string.Empty, "--quick-gen-key", identity, "ed25519", "sign", "never");
        return home;
    }

    private void DeclareWebSignedWithGpg(string? commit, string gnupgHome)
    {
        if (commit is not null)
        {
            _sandbox.WriteConfigRepoFile("edge-01/infra_meta.toml", _sandbox.Section("web", commit));
        }

        // git runs gpg.program; this one signs with the given keyring.
        var program = _keys.Combine("gpg-" + Path.GetFileName(gnupgHome));
        File.WriteAllText(program, $"#!/bin/sh\nGNUPGHOME='{gnupgHome}' exec gpg \"$@\"\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        TestGit.Run(_sandbox.ConfigWork, "add", "--all");
        TestGit.Run(_sandbox.ConfigWork, "-c", "gpg.program=" + program, "commit", "--quiet", "--allow-empty", "-S", "-m", "gpg-signed change");
        TestGit.Run(_sandbox.ConfigWork, "push", "--quiet", "origin", "HEAD:main");
    }

    private static ProcessResult Run(string program, params string[] arguments)
    {
        var result = new ProcessRunner().Run(new ProcessRequest(program, arguments) { Timeout = TimeSpan.FromMinutes(1) }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"{program} {string.Join(' ', arguments)}: {result.StandardError}");
        return result;
    }
}
