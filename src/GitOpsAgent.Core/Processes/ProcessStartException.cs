namespace GitOpsAgent.Core.Processes;

/// <summary>A program could not be started at all (not installed, not executable).</summary>
public sealed class ProcessStartException : Exception
{
    public ProcessStartException(string fileName, Exception inner)
        : base($"could not start '{fileName}': {inner?.Message}. Check that it is installed and on PATH.", inner)
    {
        FileName = fileName;
    }

    public ProcessStartException()
    {
        FileName = string.Empty;
    }

    public ProcessStartException(string message)
        : base(message)
    {
        FileName = string.Empty;
    }

    public string FileName { get; }
}
