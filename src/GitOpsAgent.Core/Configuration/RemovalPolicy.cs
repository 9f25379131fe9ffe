namespace GitOpsAgent.Core.Configuration;

/// <summary>What happens on the device when an app leaves the desired state (<c>on_removal</c>).</summary>
public enum RemovalPolicy
{
    /// <summary>Say so and leave everything on disk.</summary>
    Keep,

    /// <summary>Run removal_command, move config files to the backups and the checkout under &lt;home&gt;/removed.</summary>
    Remove,
}
