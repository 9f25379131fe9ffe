using System.Text.RegularExpressions;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Cli.Commands;
using GitOpsAgent.Core.Processes;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Cli;

/// <summary>
/// The System.CommandLine definition as operators meet it: every command line the docs, units, examples and demo
/// use still parses; completion works the way the shell runs it; the man page renders.
/// </summary>
public sealed partial class CommandLineTests
{
    private static readonly string[] Sources =
    [
        "README.md",
        "systemd/gitops-agent-cli.service",
        "systemd/gitops-agent-oneshot.service",
        "examples/ci/github-actions.yml",
        "examples/ci/gitlab-ci.yml",
        "scripts/install.sh",
        "src/GitOpsAgent.Cli/Commands/DemoCommand.cs",
    ];

    public static TheoryData<string, string> DocumentedCommandLines()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in Sources)
        {
            foreach (var line in Invocation().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, source))).Select(m => Clean(m.Groups[1].Value)).Distinct())
            {
                data.Add(source, line);
            }
        }

        return data;
    }

    [Fact]
    public void The_documented_command_lines_were_found()
    {
        var lines = DocumentedCommandLines().Select(row => row.Data.Item2).ToList();
        Assert.True(lines.Count >= 12, $"found only {lines.Count} command lines: {string.Join(" | ", lines)}");
        foreach (var command in new[] { "run", "reconcile", "status", "validate", "configure", "demo", "completion" })
        {
            Assert.Contains(lines, line => line.StartsWith(command, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(DocumentedCommandLines))]
    public void Every_command_line_the_docs_units_and_examples_use_still_parses(string source, string line)
    {
        var args = CliDefinition.Normalize(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var result = CliDefinition.Build(new CliContext(TextWriter.Null, TextWriter.Null, CancellationToken.None)).Parse(args);
        Assert.True(result.Errors.Count == 0, $"{source}: 'gitops-agent {line}': {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    [Theory]
    [InlineData("--configure")]
    [InlineData("version")]
    [InlineData("-V")]
    [InlineData("help")]
    [InlineData("help reconcile")]
    [InlineData("reconcile --app web --app api --dry-run --json -v")]
    [InlineData("reconcile --app=web --config=/etc/gitops-agent/config.toml")]
    [InlineData("run --once --interval 0.5")]
    [InlineData("status --fleet --json --home /opt/gitops-agent")]
    [InlineData("validate . --infra edge-01 --json")]
    public void The_old_spellings_keep_working(string line)
    {
        var args = CliDefinition.Normalize(line.Split(' '));
        var result = CliDefinition.Build(new CliContext(TextWriter.Null, TextWriter.Null, CancellationToken.None)).Parse(args);
        Assert.True(result.Errors.Count == 0, $"'gitops-agent {line}': {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    [Fact]
    public void Usage_errors_exit_1_and_name_the_fix()
    {
        var option = BuiltCli.Run(null, "status", "--flete");
        Assert.Equal(1, option.ExitCode);
        Assert.Contains("unknown option '--flete' (did you mean --fleet?)", option.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: gitops-agent status", option.Error, StringComparison.Ordinal);

        var twice = BuiltCli.Run(null, "status", "--home", "/a", "--home", "/b");
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("gitops-agent status: ", twice.Error, StringComparison.Ordinal);

        var interval = BuiltCli.Run(null, "run", "--interval", "soon");
        Assert.Equal(1, interval.ExitCode);
        Assert.Contains("--interval needs a number of seconds above 0, not 'soon'", interval.Error, StringComparison.Ordinal);

        var shell = BuiltCli.Run(null, "completion", "tcsh");
        Assert.Equal(1, shell.ExitCode);
        Assert.Contains("'tcsh'", shell.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bash_completes_commands_options_and_app_names_from_the_agent_config()
    {
        using var dir = new TempDirectory("gitops-completion");
        var config = dir.Combine("config.toml");
        File.WriteAllText(config, "infra_name = \"edge-01\"\n[applications]\nweb = \"file:///srv/git/deploy.git@main\"\nworker = \"file:///srv/git/deploy.git@main\"\napi = \"file:///srv/git/deploy.git@main\"\n");
        var script = dir.Combine("complete.sh");
        File.WriteAllText(script, """
            source <(gitops-agent completion bash) || exit 3
            complete_line() {
                COMP_LINE="$1"; COMP_POINT=${#1}
                read -r -a COMP_WORDS <<<"$1"
                [[ "$1" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                _gitops_agent
                printf '%s\n' "== $1" "${COMPREPLY[@]}"
            }
            complete_line "gitops-agent rec"
            complete_line "gitops-agent reconcile --d"
            complete_line "gitops-agent reconcile --app w"
            complete_line "gitops-agent status --config $OTHER_CONFIG --"
            """);

        var result = RunBash(dir, script, new Dictionary<string, string> { ["GITOPS_AGENT_CONFIG"] = config, ["OTHER_CONFIG"] = config });

        var sections = result.StandardOutput.Split("== ", StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(s => s.Split('\n')[0], s => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList());
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(["reconcile"], sections["gitops-agent rec"]);
        Assert.Equal(["--dry-run"], sections["gitops-agent reconcile --d"]);
        Assert.Equal(["web", "worker"], sections["gitops-agent reconcile --app w"]);
        Assert.Superset(new HashSet<string> { "--fleet", "--json", "--home", "--help" }, sections[$"gitops-agent status --config {config} --"].ToHashSet());
    }

    [Theory]
    [InlineData("zsh", "-n")]
    [InlineData("fish", "--no-execute")]
    public void The_zsh_and_fish_scripts_are_valid_for_their_shell(string shell, string checkFlag)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, shell)).FirstOrDefault(File.Exists);
        var script = CompletionScripts.For(shell);
        Assert.Contains("[suggest:", script, StringComparison.Ordinal);
        if (path is null)
        {
            Assert.Skip($"{shell} is not installed here, so only the script's text was checked (apt-get install {shell} to check its syntax)");
        }

        using var dir = new TempDirectory("gitops-completion");
        var file = dir.Combine("completion." + shell);
        File.WriteAllText(file, script);
        var result = new ProcessRunner().Run(new ProcessRequest(path!, [checkFlag, file]) { Timeout = TimeSpan.FromSeconds(30) }, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public void The_man_page_names_every_command_and_option_and_renders_without_warnings()
    {
        var page = BuiltCli.Run(null, "man-page");
        Assert.Equal(0, page.ExitCode);
        var root = CliDefinition.Build(new CliContext(TextWriter.Null, TextWriter.Null, CancellationToken.None));
        foreach (var command in HelpWriter.Visible(root).OfType<AgentCommand>())
        {
            // Command names with a hyphen (export-reports) are escaped like every other hyphen in roff.
            Assert.Contains($".SS \"gitops\\-agent {command.Name.Replace("-", "\\-", StringComparison.Ordinal)}", page.Output, StringComparison.Ordinal);
            foreach (var (name, _) in HelpWriter.OptionRows(command))
            {
                Assert.Contains(name.Replace("-", "\\-", StringComparison.Ordinal), page.Output, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain("man-page", page.Output, StringComparison.Ordinal);
        using var dir = new TempDirectory("gitops-man");
        var file = dir.Combine("gitops-agent.1");
        File.WriteAllText(file, page.Output);
        var groff = new ProcessRunner().Run(new ProcessRequest("sh", ["-c", $"command -v groff >/dev/null || exit 77; groff -k -man -Tutf8 -ww -z '{file}'"]) { Timeout = TimeSpan.FromSeconds(30) }, TestContext.Current.CancellationToken);
        if (groff.ExitCode == 77)
        {
            Assert.Skip("groff is not installed here, so the man page was not rendered");
        }

        Assert.True(groff.ExitCode == 0 && groff.StandardError.Length == 0, groff.StandardError);
    }

    private static ProcessResult RunBash(TempDirectory dir, string script, Dictionary<string, string> environment)
    {
        // The shell finds `gitops-agent` on PATH, as on a device: here a wrapper that runs the built command.
        var bin = dir.Combine("bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "gitops-agent");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{CliProcess.DllPath}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        return new ProcessRunner().Run(new ProcessRequest("bash", [script]) { Timeout = TimeSpan.FromMinutes(2), Environment = environment }, TestContext.Current.CancellationToken);
    }

    /// <summary>A synopsis written for people ("[--app NAME]...", "&lt;path&gt;", "bash|zsh") as the command line it stands for.</summary>
    private static string Clean(string line)
    {
        var text = line.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("...", string.Empty, StringComparison.Ordinal);
        text = Placeholder().Replace(text, "X");
        text = text.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
        text = Alternatives().Replace(text, "$1");
        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    // "gitops-agent" (or gitops-agent.dll) and a command word followed by a space or the end (not prose such as
    // "gitops-agent demo: stopped"), up to a comment, a backquote, a parenthesis, a pipe or the line's end.
    [GeneratedRegex(@"gitops-agent(?:\.dll""?)?[ ]+((?:--configure|run|reconcile|status|publish|history|validate|configure|demo|completion)(?=[ \n""`]|$)[^\n#`'|;()]*)", RegexOptions.Multiline)]
    private static partial Regex Invocation();

    [GeneratedRegex(@"<[^>]*>|\{[^}]*\}|\$[A-Za-z_]+")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b([a-z]+)(\|[a-z]+)+\b")]
    private static partial Regex Alternatives();
}
