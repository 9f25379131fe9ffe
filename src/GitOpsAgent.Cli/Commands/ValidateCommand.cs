using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using GitOpsAgent.Cli.CommandLine;
using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Cli.Commands;

/// <summary>`gitops-agent validate`: the checks a pass applies to infra_meta.toml, run on a config repo checkout in its CI.</summary>
internal sealed class ValidateCommand : ICliCommand
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public AgentCommand Create(CliContext context)
    {
        var path = new Argument<string?>("path") { Description = "the config repo checkout", HelpName = "config repo path", Arity = ArgumentArity.ZeroOrOne };
        var infra = CliOptions.Value("--infra", "NAME", "only this device's folder");
        var json = CliOptions.Json();
        var command = new AgentCommand("validate", "check a deployment-config repo checkout's infra_meta.toml files (for its CI)")
        {
            Details = "Checks every <infra>/infra_meta.toml in the checkout (or only NAME's) with the rules a pass applies,\n" +
                "and that every config_files src exists. Prints one line per finding: file:line:column: level: key: message.",
            ExitCodes = "0 no errors (warnings are printed), 2 errors were found, 1 the path cannot be checked.",
        };
        command.Arguments.Add(path);
        command.Options.Add(infra);
        command.Options.Add(json);
        command.SetAction(result => Run(context, result.GetValue(path) ?? throw new CliUsageException("the config repo path is missing; give the checkout's folder, for example: gitops-agent validate ."), result.GetValue(infra), result.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string path, string? infra, bool json)
    {
        var result = DeploymentConfigValidator.Validate(path, infra);
        if (result.Files.Count == 0)
        {
            foreach (var finding in result.Findings)
            {
                context.Error.WriteLine(finding);
            }

            return ExitCodes.Failure;
        }

        if (json)
        {
            context.Output.Write(Json(result));
        }
        else
        {
            foreach (var finding in result.Findings)
            {
                context.Output.WriteLine(finding);
            }

            var errors = result.Findings.Count(f => f.Severity == FindingSeverity.Error);
            var warnings = result.Findings.Count - errors;
            context.Output.WriteLine($"{result.Files.Count} file(s) checked: {errors} error(s), {warnings} warning(s).");
        }

        return result.HasErrors ? ExitCodes.Unhealthy : ExitCodes.Success;
    }

    private static string Json(DeploymentValidationResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("files");
            foreach (var file in result.Files)
            {
                json.WriteStringValue(file);
            }

            json.WriteEndArray();
            json.WriteStartArray("findings");
            foreach (var finding in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("severity", finding.Severity == FindingSeverity.Error ? "error" : "warning");
                json.WriteString("file", finding.File);
                WriteNumberOrNull(json, "line", finding.Line);
                WriteNumberOrNull(json, "column", finding.Column);
                json.WriteString("app", finding.App);
                json.WriteString("key", finding.Key);
                json.WriteString("message", finding.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
