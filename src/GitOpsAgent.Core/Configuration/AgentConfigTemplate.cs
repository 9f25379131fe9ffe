namespace GitOpsAgent.Core.Configuration;

/// <summary>The commented agent config a new device starts from, so the file explains itself to the next operator.</summary>
public static class AgentConfigTemplate
{
    // infra_name is empty on purpose: the template alone does not validate, so a device cannot start under a made-up name.
    public const string Text =
        "# GitOps Agent configuration. Change it with Set-GitOpsConfig (or Set-GitOpsConfig -Edit); every change is\n" +
        "# validated before it is written.\n" +
        "\n" +
        "# This device's folder in the deployment-config repo: <infra_name>/infra_meta.toml.\n" +
        "infra_name = \"\"\n" +
        "\n" +
        "# Seconds between passes.\n" +
        "interval = 300\n" +
        "\n" +
        "# Days of monitoring-branch history kept before older commits are squashed.\n" +
        "# monitoring_history_retention_days = 30\n" +
        "\n" +
        "# One line per application: name = \"<deployment-config repo url>@<branch>\".\n" +
        "[applications]\n";
}
