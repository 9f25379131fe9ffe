using System.Text.RegularExpressions;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>`gitops-agent --help` lists every command, and each command's own --help works.</summary>
public sealed partial class HelpTests
{
    private static readonly string[] Required = ["run", "reconcile", "status", "publish", "configure", "demo"];

    [Fact]
    public void Help_lists_every_command_and_each_has_its_own_usage()
    {
        using var help = CliProcess.Run(["--help"]);
        Assert.Equal(0, help.ExitCode);
        var listed = CommandLine().Matches(help.Stdout.Split("Commands:")[1].Split("Options:")[0]).Select(m => m.Groups[1].Value).ToList();
        Assert.Superset(Required.ToHashSet(), listed.ToHashSet());
        Assert.Contains("--configure", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--version", help.Stdout, StringComparison.Ordinal);

        foreach (var command in listed)
        {
            using var usage = CliProcess.Run([command, "--help"]);
            Assert.Equal(0, usage.ExitCode);
            Assert.StartsWith($"Usage: gitops-agent {command}", usage.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Version_prints_the_product_version()
    {
        using var version = CliProcess.Run(["--version"]);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^gitops-agent \d+\.\d+\.\d+", version.Stdout);
    }

    [GeneratedRegex(@"(?m)^  ([a-z][a-z-]*) ")]
    private static partial Regex CommandLine();
}
