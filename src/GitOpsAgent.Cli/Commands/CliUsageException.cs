namespace GitOpsAgent.Cli.Commands;

/// <summary>The command line itself is wrong; the message says what, and usage follows it.</summary>
internal sealed class CliUsageException(string message) : Exception(message)
{
    public CliUsageException()
        : this("invalid usage")
    {
    }

    public CliUsageException(string message, Exception inner)
        : this(message + ": " + inner?.Message)
    {
    }
}
