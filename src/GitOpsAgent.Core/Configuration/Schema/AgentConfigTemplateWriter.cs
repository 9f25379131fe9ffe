using System.Globalization;
using System.Text;

namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>
/// Writes the commented agent config template (scripts/config.template.toml) from <see cref="AgentConfigSchema"/>:
/// one commented example line per key with its description, so a new key appears in every new config.
/// </summary>
public static class AgentConfigTemplateWriter
{
    public static string Text()
    {
        var text = new StringBuilder();
        text.Append("""
            #:schema /usr/local/share/gitops-agent/schema/agent-config.schema.json
            # GitOps Agent config: /etc/gitops-agent/config.toml
            #
            # The agent reads this file before every pass, so an edit takes effect at the next pass without a restart.
            # Edit it with `gitops-agent configure` (checks it before saving) or Set-GitOpsConfig in pwsh.
            # Until infra_name and [applications] are set, the service logs what is missing and does nothing else.
            # Editors that read JSON Schema (Taplo, Even Better TOML) check it as you type, with the schema named above.

            """);
        text.Append('\n');
        foreach (var key in AgentConfigSchema.Keys.Where(k => k.SettableAsValue))
        {
            text.Append(CultureInfo.InvariantCulture, $"# {key.Description}");
            if (key.Default is { } value)
            {
                text.Append(CultureInfo.InvariantCulture, $" Default {(value is string word ? $"\"{word}\"" : value is bool flag ? (flag ? "true" : "false") : value)}.");
            }

            text.Append(CultureInfo.InvariantCulture, $"\n# {key.Name} = {key.Example}\n\n");
        }

        text.Append("""
            # One line per application this device runs: name = "<config repo url>@<branch>".
            # The name is the section in infra_meta.toml; the branch defaults to main.
            # The agent runs as root: give root an SSH key (or a credential helper) that can read these repos
            # and push to their <branch>-monitoring branch.
            # [applications]
            # web = "git@github.com:example-org/deploy-config.git@main"
            # worker = "https://git.example.com/ops/deploy-config.git@production"

            """);
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
