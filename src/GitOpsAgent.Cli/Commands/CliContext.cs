namespace GitOpsAgent.Cli.Commands;

/// <summary>What every command gets: its output streams and a token that fires on Ctrl-C or SIGTERM.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, CancellationToken cancellation)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public CancellationToken Cancellation { get; } = cancellation;
}
