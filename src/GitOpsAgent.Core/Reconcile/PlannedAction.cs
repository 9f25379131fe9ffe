namespace GitOpsAgent.Core.Reconcile;

/// <summary>One step of a plan, with the sentence that shows it to an operator.</summary>
public sealed record PlannedAction(ActionKind Kind, string Description)
{
    public string ShortName => Kind switch
    {
        ActionKind.RunPreCommand => "pre",
        ActionKind.Clone => "clone",
        ActionKind.Fetch => "fetch",
        ActionKind.PreserveLocalChanges => "preserve",
        ActionKind.Checkout => "checkout",
        ActionKind.CopyConfigFiles => "config",
        ActionKind.RunPostCommand => "post",
        ActionKind.RunHealthCheck => "health",
        _ => Kind.ToString(),
    };

    public override string ToString() => Description;
}
