using System.Diagnostics;

namespace GitOpsAgent.Cli.Configure;

/// <summary>
/// Opens the operator's editor ($VISUAL, then $EDITOR, then vi) on a file, the way git does: through /bin/sh, so
/// an editor with arguments ("code --wait") works. A person at a terminal gets the terminal and all the time they
/// need; without a terminal the editor is a script, so it gets no stdin and a time limit.
/// </summary>
internal static class EditorLauncher
{
    private static readonly TimeSpan ScriptedTimeout = TimeSpan.FromMinutes(5);

    public static string Editor =>
        NonEmpty(Environment.GetEnvironmentVariable("VISUAL")) ?? NonEmpty(Environment.GetEnvironmentVariable("EDITOR")) ?? "vi";

    public static bool Interactive => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    /// <summary>Runs the editor on <paramref name="path"/> and returns its exit code, or null when it could not run or ran out of time.</summary>
    public static int? Edit(string path, TextWriter error)
    {
        var interactive = Interactive;
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = !interactive };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Editor + " \"$1\"");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(path);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            error.WriteLine($"gitops-agent configure: /bin/sh could not be started to run the editor ({ex.Message}).");
            return null;
        }

        if (interactive)
        {
            // Ctrl-C reaches the editor too, and editors use it; the edit is only judged once the editor exits.
            process.WaitForExit();
            return process.ExitCode;
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(ScriptedTimeout))
        {
            process.Kill(entireProcessTree: true);
            error.WriteLine($"gitops-agent configure: the editor '{Editor}' did not exit within {ScriptedTimeout.TotalMinutes} minutes without a terminal; it was stopped.");
            return null;
        }

        return process.ExitCode;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
