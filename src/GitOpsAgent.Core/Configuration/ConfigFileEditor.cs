using System.Diagnostics;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// Opens the agent config in the operator's editor ($VISUAL, $EDITOR, else vi) on a temp copy, validates what was
/// saved, and only then replaces the config atomically. Invalid text never reaches the config: its findings are
/// returned and the copy is kept for the operator to fix.
/// </summary>
public static class ConfigFileEditor
{
    public const string FallbackEditor = "vi";

    public static string ResolveEditor() =>
        NonEmpty(Environment.GetEnvironmentVariable("VISUAL")) ?? NonEmpty(Environment.GetEnvironmentVariable("EDITOR")) ?? FallbackEditor;

    /// <summary>Runs <paramref name="editorCommand"/> (a shell command line, such as "code --wait") on a copy of the config.</summary>
    public static ConfigEditResult Edit(string configPath, string? editorCommand = null)
    {
        ArgumentNullException.ThrowIfNull(configPath);
        var path = System.IO.Path.GetFullPath(configPath);
        var exists = File.Exists(path);
        var original = exists ? File.ReadAllBytes(path) : System.Text.Encoding.UTF8.GetBytes(AgentConfigTemplate.Text);
        var copy = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gitops-agent-config-{Guid.NewGuid():N}.toml");
        File.WriteAllBytes(copy, original);
        if (!OperatingSystem.IsWindows())
        {
            // The config may hold credentials in URLs: the copy is as private as the operator's own files.
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var exitCode = RunEditor(editorCommand ?? ResolveEditor(), copy);
        if (exitCode != 0)
        {
            File.Delete(copy);
            return new ConfigEditResult { Path = path, EditorExitCode = exitCode };
        }

        var edited = File.ReadAllBytes(copy);
        if (exists && edited.AsSpan().SequenceEqual(original))
        {
            File.Delete(copy);
            return new ConfigEditResult { Path = path, Unchanged = true };
        }

        AgentConfig config;
        try
        {
            config = AgentConfigLoader.Parse(edited, path);
        }
        catch (ConfigurationException ex)
        {
            return new ConfigEditResult { Path = path, Findings = ex.Findings, RejectedCopy = copy };
        }

        var mode = exists && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(path) : (UnixFileMode?)null;
        AtomicFile.WriteAllBytes(path, edited);
        if (mode is { } keep && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, keep);
        }

        File.Delete(copy);
        return new ConfigEditResult { Path = path, Saved = true, Config = config };
    }

    private static int RunEditor(string editorCommand, string file)
    {
        // Through the shell, so editor settings with arguments ("code --wait", "nano -w") work as they do in git.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(editorCommand + " \"$1\"");
        info.ArgumentList.Add("gitops-agent-editor");
        info.ArgumentList.Add(file);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"the editor '{editorCommand}' could not be started.");
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
