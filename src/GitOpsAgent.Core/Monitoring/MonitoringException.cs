namespace GitOpsAgent.Core.Monitoring;

/// <summary>The monitoring branch of one config repo cannot be published; the message says why and what to do.</summary>
public sealed class MonitoringException : Exception
{
    public MonitoringException()
    {
    }

    public MonitoringException(string message)
        : base(message)
    {
    }

    public MonitoringException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
