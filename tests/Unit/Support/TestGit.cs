using System.Diagnostics;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>Runs real git for test setup, with a fixed identity and no dependence on the machine's git config.</summary>
public static class TestGit
{
    public static string Run(string? directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? Path.GetTempPath(),
        };
        foreach (var argument in new[] { "-c", "user.name=Test Operator", "-c", "user.email=operator@example.test", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(true);
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} hung");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}) in {directory}: {stderr.Result}");
        }

        return stdout.Result.Trim();
    }
}
