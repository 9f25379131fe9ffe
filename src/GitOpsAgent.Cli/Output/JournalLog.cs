namespace GitOpsAgent.Cli.Output;

/// <summary>
/// Log lines for a long-running command. Under systemd each line starts with its syslog priority (<c>&lt;3&gt;</c>
/// error, <c>&lt;4&gt;</c> warning, <c>&lt;6&gt;</c> info, <c>&lt;7&gt;</c> debug; the sd-daemon(3) convention), which
/// journald turns into the entry's priority, so <c>journalctl -p warning</c> shows only problems. In a terminal
/// the same lines read "warning: …" instead.
/// </summary>
internal sealed class JournalLog(TextWriter output, TextWriter error, bool priorityPrefixes)
{
    private readonly object _gate = new();

    /// <summary>
    /// systemd sets JOURNAL_STREAM for a service whose output goes to the journal. A plain presence check is enough
    /// here: the agent does not hand its own output streams to other programs.
    /// </summary>
    public static bool JournalAttached => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    public void Error(string message) => Write(error, 3, "error: ", message);

    public void Warning(string message) => Write(error, 4, "warning: ", message);

    public void Info(string message) => Write(output, 6, string.Empty, message);

    public void Debug(string message) => Write(output, 7, "debug: ", message);

    private void Write(TextWriter writer, int priority, string word, string message)
    {
        // journald makes one entry per line, so every line of a multi-line message carries the priority.
        var lines = message.TrimEnd('\n').Split('\n');
        lock (_gate)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var prefix = priorityPrefixes ? $"<{priority}>" : i == 0 ? word : new string(' ', word.Length);
                writer.WriteLine(prefix + lines[i].TrimEnd('\r'));
            }

            writer.Flush();
        }
    }
}
