namespace GitOpsAgent.Core.Operations;

/// <summary>Something needs the last pass's report, and no pass has run under this agent home yet.</summary>
public sealed class NoPassYetException : Exception
{
    public NoPassYetException(string home, bool forPublish)
        : base($"no pass has run under {home} yet, so there is {(forPublish ? "no report to publish" : "no status to show")}. Run Invoke-GitOpsReconcile (or gitops-agent reconcile) first.")
    {
        Home = home;
    }

    public NoPassYetException()
    {
        Home = string.Empty;
    }

    public NoPassYetException(string message)
        : base(message)
    {
        Home = string.Empty;
    }

    public NoPassYetException(string message, Exception innerException)
        : base(message, innerException)
    {
        Home = string.Empty;
    }

    public string Home { get; }
}
