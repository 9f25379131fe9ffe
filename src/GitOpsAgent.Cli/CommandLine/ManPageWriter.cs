using System.CommandLine;
using System.Text;

namespace GitOpsAgent.Cli.CommandLine;

/// <summary>gitops-agent(1) in roff, written from the same command definitions as the help (build.ps1 -Task Package writes it).</summary>
internal static class ManPageWriter
{
    public static string Write(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var man = new StringBuilder();
        man.Append(".TH GITOPS-AGENT 1 \"\" \"gitops-agent ").Append(Escape(CliDefinition.ProductVersion)).Append("\" \"User Commands\"\n");
        man.Append(".SH NAME\ngitops-agent \\- ").Append(Escape(root.Description ?? string.Empty)).Append('\n');
        man.Append(".SH SYNOPSIS\n.B gitops-agent\n\\fIcommand\\fR [\\fIoptions\\fR]\n.br\n.B gitops-agent\n\\-\\-help | \\-\\-version | \\-\\-configure\n");
        man.Append(".SH DESCRIPTION\n");
        man.Append(Paragraph("Each device runs the agent: it polls a deployment-config git repo, brings every application it manages to the exact commit and config files that repo declares, runs the operator's pre and post commands, heals drift, and pushes a health report to the <branch>-monitoring branch of the same repo."));
        man.Append(".SH COMMANDS\n");
        foreach (var command in HelpWriter.Visible(root).OfType<AgentCommand>())
        {
            man.Append(".SS \"").Append(Escape(HelpWriter.UsageLine(command)["Usage: ".Length..])).Append("\"\n");
            man.Append(Escape(command.Description ?? string.Empty)).Append('\n');
            if (command.Details.Length > 0)
            {
                man.Append(Paragraph(command.Details));
            }

            foreach (var (name, description) in HelpWriter.OptionRows(command))
            {
                man.Append(".TP\n.B ").Append(Escape(name)).Append('\n').Append(Escape(description)).Append('\n');
            }

            man.Append(".PP\nExit codes: ").Append(Escape(command.ExitCodes.Replace('\n', ' '))).Append('\n');
        }

        man.Append(".SH EXIT STATUS\n");
        man.Append(Paragraph("0 when everything is healthy, 2 when a command ran but some app is not healthy, 1 when it could not run (a bad agent config, the lock held by another pass, or a usage error, which names the fix)."));
        man.Append(".SH ENVIRONMENT\n");
        man.Append(".TP\n.B GITOPS_AGENT_CONFIG\nthe agent config (default /etc/gitops\\-agent/config.toml)\n");
        man.Append(".TP\n.B GITOPS_AGENT_HOME\nthe agent home: clones, state, backups (default /opt/gitops\\-agent)\n");
        man.Append(".SH FILES\n");
        man.Append(".TP\n.B /etc/gitops\\-agent/config.toml\nthe agent config; see /usr/local/share/gitops\\-agent/schema/ for its JSON Schema\n");
        man.Append(".TP\n.B <infra_name>/infra_meta.toml\nin the config repo: the desired state of each app on this device\n");
        man.Append(".SH SEE ALSO\n.BR git (1),\n.BR systemd.service (5),\n.BR journalctl (1)\n");
        return man.ToString();
    }

    private static string Paragraph(string text) => ".PP\n" + Escape(text.Replace('\n', ' ')) + "\n";

    private static string Escape(string text)
    {
        var escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
        // A line starting with . or ' would be read as a request.
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
