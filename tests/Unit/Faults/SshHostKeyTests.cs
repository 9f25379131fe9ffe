using System.Diagnostics;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Faults;

/// <summary>
/// An app repo served over SSH by a real sshd on loopback whose host key changes: the fetch stops with a clear error that
/// names known_hosts and the fix, and nothing is applied. Needs /usr/sbin/sshd (.ci/run installs openssh-server).
/// </summary>
public sealed class SshHostKeyTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();
    private Process? _sshd;

    public void Dispose()
    {
        if (_sshd is { HasExited: false })
        {
            _sshd.Kill();
        }

        _sshd?.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public void A_changed_host_key_stops_the_fetch_with_known_hosts_and_the_fix_and_applies_nothing()
    {
        if (!File.Exists("/usr/sbin/sshd"))
        {
            Assert.Skip("/usr/sbin/sshd is not installed (apt-get install openssh-server)");
        }

        var ssh = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "ssh")).FullName;
        foreach (var key in new[] { "host-a", "host-b", "client" })
        {
            Run("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(ssh, key));
        }

        File.Copy(Path.Combine(ssh, "client.pub"), Path.Combine(ssh, "authorized_keys"));
        var port = LoopbackPort.Free();
        File.WriteAllText(Path.Combine(ssh, "sshd_config"), $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {Path.Combine(ssh, "host-a")}
            PidFile {Path.Combine(ssh, "sshd.pid")}
            AuthorizedKeysFile {Path.Combine(ssh, "authorized_keys")}
            PermitRootLogin yes
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            """);
        Directory.CreateDirectory("/run/sshd");
        _sshd = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-e", "-f", Path.Combine(ssh, "sshd_config")]) { RedirectStandardError = true })!;
        LoopbackPort.WaitUntilListening(port, "sshd");
        var knownHosts = Path.Combine(ssh, "known_hosts");
        File.WriteAllText(knownHosts, $"[127.0.0.1]:{port} {File.ReadAllText(Path.Combine(ssh, "host-a.pub")).Trim()}\n");
        var sshCommand = $"ssh -i {Path.Combine(ssh, "client")} -o IdentitiesOnly=yes -o UserKnownHostsFile={knownHosts} -o StrictHostKeyChecking=yes";
        var url = $"ssh://root@127.0.0.1:{port}{Path.Combine(_sandbox.Remotes, "web.git")}";
        var v1 = _sandbox.CreateApp("web");
        var log = Path.Combine(_sandbox.Root, "pre.log");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v1, pre: $"echo pre >> {log}").Replace(_sandbox.AppUrl("web"), url, StringComparison.Ordinal));
        _sandbox.WriteAgentConfig(["web"]);
        var environment = new Dictionary<string, string>
        {
            ["GITOPS_AGENT_CONFIG"] = _sandbox.ConfigFile,
            ["GITOPS_AGENT_HOME"] = _sandbox.Home,
            ["GIT_SSH_COMMAND"] = sshCommand,
        };
        var first = BuiltCli.Run(environment, "reconcile", "--no-publish");
        Assert.True(first.ExitCode == 0, first.Output + first.Error);

        // The server's key changes (reinstalled, or someone in the middle).
        File.WriteAllText(knownHosts, $"[127.0.0.1]:{port} {File.ReadAllText(Path.Combine(ssh, "host-b.pub")).Trim()}\n");
        var v2 = _sandbox.CommitApp("web", "app.txt", "web v2\n");
        _sandbox.SetInfraMeta(_sandbox.Section("web", v2, pre: $"echo pre >> {log}").Replace(_sandbox.AppUrl("web"), url, StringComparison.Ordinal));

        var changed = BuiltCli.Run(environment, "reconcile", "--no-publish");

        Assert.Equal(2, changed.ExitCode);
        Assert.Contains(StatusLabels.AppUpdateFailed, changed.Output, StringComparison.Ordinal);
        Assert.Contains("known_hosts", changed.Output, StringComparison.Ordinal);
        Assert.Contains("ssh-keygen -R", changed.Output, StringComparison.Ordinal);
        Assert.Equal(v1, TestGit.Run(_sandbox.AppPath("web"), "rev-parse", "HEAD"));
        Assert.False(File.Exists(log), "the pre command ran although nothing could be fetched");
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
