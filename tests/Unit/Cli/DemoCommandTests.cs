using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>`gitops-agent demo` needs only git, completes, and every step shows the status it should.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void The_demo_completes_and_every_step_shows_its_expected_status()
    {
        using var parent = new TempDirectory("gitops-demo");
        using var demo = CliProcess.Run(["demo", "--dir", parent.Path], new Dictionary<string, string?> { ["HOME"] = parent.Path }, TimeSpan.FromSeconds(90));
        var output = demo.Stdout;

        Assert.True(demo.ExitCode == 0, $"exit {demo.ExitCode}\nstdout:\n{output}\nstderr:\n{demo.Stderr}");
        Assert.DoesNotContain("UNEXPECTED", output, StringComparison.Ordinal);
        var steps = Sections(output);
        Assert.Equal(6, steps.Count);
        Assert.Contains("first deployment", steps[0], StringComparison.Ordinal);
        Assert.Contains("overall_status = \"✅ all 2 apps healthy\"", steps[0], StringComparison.Ordinal);
        Assert.Contains("a pinned commit change", steps[1], StringComparison.Ordinal);
        Assert.Contains("WrongCommit", steps[1], StringComparison.Ordinal);
        Assert.Contains("drift healed", steps[2], StringComparison.Ordinal);
        Assert.Contains("worker: local changes kept at refs/gitops-agent/preserved/", steps[2], StringComparison.Ordinal);
        Assert.Contains("a failing hook rolled back", steps[3], StringComparison.Ordinal);
        Assert.Matches(@"worker\s+⏪ rolled back to [0-9a-f]{12}: post command exited with 3", steps[3]);
        Assert.Contains("overall_status = \"⚠️ 1 of 2 apps need attention: worker\"", steps[3], StringComparison.Ordinal);
        Assert.Contains("fails its health check", steps[4], StringComparison.Ordinal);
        Assert.Matches(@"web\s+⏪ rolled back to [0-9a-f]{12}: health check failed", steps[4]);
        Assert.Contains("rolled-back-to = ", steps[4], StringComparison.Ordinal);
        Assert.Contains("failed-commit = ", steps[4], StringComparison.Ordinal);
        Assert.Contains("not tried again", steps[5], StringComparison.Ordinal);
        Assert.All(steps, step => Assert.Contains("\nOK: ", step, StringComparison.Ordinal));

        // It says where the sandbox is and how to remove it, and the sandbox is where it says.
        var sandbox = Assert.Single(Directory.GetDirectories(parent.Path, "gitops-agent-demo-*"));
        Assert.Contains($"rm -rf {sandbox}", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sandbox, "device", "srv", "web", ".env")));
    }

    private static List<string> Sections(string output) =>
        output.Split("\n== Step ", StringSplitOptions.None).Skip(1).ToList();
}
