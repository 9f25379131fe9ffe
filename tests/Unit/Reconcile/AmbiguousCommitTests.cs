using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Reconcile;

public sealed class AmbiguousCommitTests : IDisposable
{
    private readonly DeviceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_code_commit_hash_prefix_shared_by_two_commits_is_an_error_not_a_guess()
    {
        // 40 000 deterministic commits make two of them share a 7-digit prefix (birthday bound).
        var bare = Path.Combine(_sandbox.Remotes, "web.git");
        TestGit.Run(null, "init", "--quiet", "--bare", "--initial-branch=main", bare);
        FastImport(bare, 40_000);
        var prefix = TestGit.Run(bare, "rev-list", "--all").Split('\n')
            .GroupBy(id => id[..7])
            .First(group => group.Count() > 1).Key;
        _sandbox.SetInfraMeta(_sandbox.Section("web", prefix));
        _sandbox.WriteAgentConfig(["web"]);

        var web = Assert.Single(_sandbox.Pass().Apps);

        Assert.False(web.Healthy);
        Assert.Equal(StatusLabels.ConfigUpdateFailed, web.Status);
        Assert.Contains($"code_commit_hash \"{prefix}\" is ambiguous", web.Error, StringComparison.Ordinal);
    }

    private static void FastImport(string bare, int commits)
    {
        var script = new StringBuilder();
        for (var i = 1; i <= commits; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"commit refs/heads/main\nmark :{i}\ncommitter T <t@example.test> 1700000000 +0000\ndata <<EOM\ncommit {i}\nEOM\n");
            if (i > 1)
            {
                script.Append(CultureInfo.InvariantCulture, $"from :{i - 1}\n");
            }

            script.Append('\n');
        }

        var info = new ProcessStartInfo("git", ["-C", bare, "fast-import", "--quiet"]) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        process.StandardInput.Write(script.ToString());
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "git fast-import hung");
        Assert.True(process.ExitCode == 0, error.Result);
    }
}
