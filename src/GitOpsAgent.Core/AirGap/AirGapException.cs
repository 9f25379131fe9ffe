namespace GitOpsAgent.Core.AirGap;

/// <summary>A bundle that cannot be made, read or used as asked; the message names the file and the fix.</summary>
public sealed class AirGapException : Exception
{
    public AirGapException()
    {
    }

    public AirGapException(string message)
        : base(message)
    {
    }

    public AirGapException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AirGapException(string message, BundleRefusal refusal)
        : base(message)
    {
        Refusal = refusal;
    }

    public BundleRefusal Refusal { get; }
}
