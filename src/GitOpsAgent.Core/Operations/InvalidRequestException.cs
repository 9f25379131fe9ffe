namespace GitOpsAgent.Core.Operations;

/// <summary>An operator's request that cannot be carried out as given (a time in the past, an empty reason), with the fix.</summary>
public sealed class InvalidRequestException : Exception
{
    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message)
        : base(message)
    {
    }

    public InvalidRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
