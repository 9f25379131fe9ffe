namespace GitOpsAgent.Core.Git;

/// <summary>A git command failed: carries the command, where it ran, its exit code and what git said.</summary>
public sealed class GitException : Exception
{
    public GitException(string command, string? repositoryPath, int exitCode, string standardError, bool timedOut)
        : base(Describe(command, repositoryPath, exitCode, standardError, timedOut))
    {
        Command = command;
        RepositoryPath = repositoryPath;
        ExitCode = exitCode;
        StandardError = standardError;
        TimedOut = timedOut;
    }

    public GitException()
    {
        Command = string.Empty;
        StandardError = string.Empty;
    }

    public GitException(string message)
        : base(message)
    {
        Command = string.Empty;
        StandardError = string.Empty;
    }

    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
        StandardError = string.Empty;
    }

    public string Command { get; }

    public string? RepositoryPath { get; }

    public int ExitCode { get; }

    public string StandardError { get; }

    public bool TimedOut { get; }

    private static string Describe(string command, string? path, int exitCode, string stderr, bool timedOut)
    {
        var where = path is null ? string.Empty : $" in {path}";
        if (timedOut)
        {
            return $"'{command}'{where} timed out and was stopped";
        }

        var said = stderr.Trim();
        if (said.Length > 2000)
        {
            said = string.Concat(said.AsSpan(0, 2000), " …");
        }

        var failed = said.Length == 0 ? $"'{command}'{where} failed with exit code {exitCode}" : $"'{command}'{where} failed with exit code {exitCode}: {said}";
        return stderr.Contains("Host key verification failed", StringComparison.Ordinal) || stderr.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)
            ? failed + " The remote's SSH host key is not the one in known_hosts (ssh names the file and line above), so nothing was fetched or applied. If the server's key really changed, check the new one out of band, then replace the old entry: ssh-keygen -R <host> (for a port: '[host]:port') and add the new key to that known_hosts (ssh-keyscan -p <port> <host>)."
            : failed;
    }
}
