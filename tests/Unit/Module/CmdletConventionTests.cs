using System.Text.RegularExpressions;
using System.Xml.Linq;
using GitOpsAgent.Core.Configuration.Schema;

namespace GitOpsAgent.Tests.Unit.Cmdlets;

/// <summary>
/// The module's PowerShell conventions, proven on the built assembly without PowerShell: approved verbs, real
/// output types, help for every parameter, a manifest that exports exactly the cmdlets defined, and default views.
/// </summary>
public sealed class CmdletConventionTests : IDisposable
{
    /// <summary>Get-Verb of PowerShell 7.4, as data.</summary>
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Approve", "Assert", "Backup", "Block", "Build", "Checkpoint", "Clear", "Close", "Compare", "Complete",
        "Compress", "Confirm", "Connect", "Convert", "ConvertFrom", "ConvertTo", "Copy", "Debug", "Deny", "Deploy",
        "Disable", "Disconnect", "Dismount", "Edit", "Enable", "Enter", "Exit", "Expand", "Export", "Find", "Format",
        "Get", "Grant", "Group", "Hide", "Import", "Initialize", "Install", "Invoke", "Join", "Limit", "Lock", "Measure",
        "Merge", "Mount", "Move", "New", "Open", "Optimize", "Out", "Ping", "Pop", "Protect", "Publish", "Push", "Read",
        "Receive", "Redo", "Register", "Remove", "Rename", "Repair", "Request", "Reset", "Resize", "Resolve", "Restart",
        "Restore", "Resume", "Revoke", "Save", "Search", "Select", "Send", "Set", "Show", "Skip", "Split", "Start",
        "Step", "Stop", "Submit", "Suspend", "Switch", "Sync", "Test", "Trace", "Unblock", "Undo", "Uninstall", "Unlock",
        "Unprotect", "Unpublish", "Unregister", "Update", "Use", "Wait", "Watch", "Write",
    };

    /// <summary>Verbs whose cmdlets change the machine, so they must honour -WhatIf and -Confirm.</summary>
    private static readonly HashSet<string> ChangingVerbs = new(StringComparer.Ordinal) { "Set", "Invoke", "Publish", "Remove", "New", "Add", "Install", "Update" };

    private static readonly string[] ExpectedCmdlets =
    [
        "Get-GitOpsApp", "Get-GitOpsConfig", "Get-GitOpsHistory", "Get-GitOpsStatus", "Import-GitOpsBundle", "Invoke-GitOpsReconcile", "Publish-GitOpsStatus",
        "Resume-GitOpsApp", "Set-GitOpsConfig", "Suspend-GitOpsApp", "Test-GitOpsDeploymentConfig",
    ];

    private readonly CmdletAssembly _assembly = new();
    private readonly ModuleHelp _help = new();

    public void Dispose() => _assembly.Dispose();

    [Fact]
    public void The_assembly_defines_the_cmdlets_of_issue_6()
    {
        Assert.Equal(ExpectedCmdlets, _assembly.Cmdlets.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb()
    {
        var unapproved = _assembly.Cmdlets.Where(c => !ApprovedVerbs.Contains(c.Verb)).Select(c => c.Name).ToList();
        Assert.Empty(unapproved);
    }

    [Fact]
    public void Every_cmdlet_declares_output_types_that_are_real_types_of_the_module()
    {
        foreach (var cmdlet in _assembly.Cmdlets)
        {
            Assert.True(cmdlet.OutputTypes.Count > 0, $"{cmdlet} has no [OutputType]");
            foreach (var output in cmdlet.OutputTypes)
            {
                var type = Assert.IsAssignableFrom<Type>(output);
                Assert.StartsWith("GitOpsAgent.", type.FullName, StringComparison.Ordinal);
                Assert.NotNull(_assembly.FindType(type.FullName!));
            }
        }
    }

    [Fact]
    public void Cmdlets_that_change_the_machine_support_WhatIf_and_Confirm()
    {
        foreach (var cmdlet in _assembly.Cmdlets.Where(c => ChangingVerbs.Contains(c.Verb)))
        {
            Assert.True(cmdlet.SupportsShouldProcess, $"{cmdlet} changes the machine but does not declare SupportsShouldProcess");
        }

        Assert.Contains(_assembly.Cmdlets, c => c.Name == "Invoke-GitOpsReconcile" && c.SupportsShouldProcess);
        Assert.Contains(_assembly.Cmdlets, c => c.Name == "Set-GitOpsConfig" && c.SupportsShouldProcess);
        Assert.Contains(_assembly.Cmdlets, c => c.Name == "Publish-GitOpsStatus" && c.SupportsShouldProcess);
    }

    [Fact]
    public void The_MAML_help_documents_every_parameter_of_every_cmdlet()
    {
        foreach (var cmdlet in _assembly.Cmdlets)
        {
            var command = _help.For(cmdlet.Name);
            Assert.True(command is not null, $"{cmdlet} has no command:command in {_help.Path}");
            var documented = ModuleHelp.ParameterDescriptions(command!);
            foreach (var parameter in cmdlet.Parameters)
            {
                Assert.True(documented.TryGetValue(parameter, out var description), $"{cmdlet} -{parameter} is not documented");
                Assert.False(string.IsNullOrWhiteSpace(description), $"{cmdlet} -{parameter} has an empty description");
            }

            var extra = documented.Keys.Except(cmdlet.Parameters).Except(cmdlet.SupportsShouldProcess ? ["WhatIf", "Confirm"] : []).ToList();
            Assert.True(extra.Count == 0, $"{cmdlet} documents parameters it does not have: {string.Join(", ", extra)}");
        }
    }

    [Fact]
    public void The_MAML_help_of_each_schema_parameter_says_what_the_schema_says()
    {
        var cmdlet = Assert.Single(_assembly.Cmdlets, c => c.HasSchemaParameters);
        var documented = ModuleHelp.ParameterDescriptions(_help.For(cmdlet.Name)!);
        foreach (var key in AgentConfigSchema.Keys.Where(k => k.SettableAsValue))
        {
            Assert.True(documented.TryGetValue(key.PropertyName, out var description), $"{cmdlet} -{key.PropertyName} ({key.Name}) is not documented");
            Assert.Contains(key.Description, description, StringComparison.Ordinal);
            Assert.Contains(key.Name, description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_MAML_help_gives_every_cmdlet_a_synopsis_description_outputs_and_at_least_two_examples()
    {
        Assert.Equal(ExpectedCmdlets.Length, _help.Commands.Count());
        foreach (var cmdlet in _assembly.Cmdlets)
        {
            var command = _help.For(cmdlet.Name)!;
            var details = command.Element(ModuleHelp.Command + "details")!;
            Assert.Equal(cmdlet.Verb, (string?)details.Element(ModuleHelp.Command + "verb"));
            Assert.Equal(cmdlet.Noun, (string?)details.Element(ModuleHelp.Command + "noun"));
            Assert.False(string.IsNullOrWhiteSpace(details.Element(ModuleHelp.Maml + "description")?.Value), $"{cmdlet} has no synopsis");
            Assert.False(string.IsNullOrWhiteSpace(command.Element(ModuleHelp.Maml + "description")?.Value), $"{cmdlet} has no description");

            var examples = command.Element(ModuleHelp.Command + "examples")?.Elements(ModuleHelp.Command + "example").ToList() ?? [];
            Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} examples");
            Assert.All(examples, example => Assert.Contains(cmdlet.Name, example.Element(ModuleHelp.Dev + "code")!.Value, StringComparison.Ordinal));

            var returns = command.Descendants(ModuleHelp.Command + "returnValue")
                .Select(r => r.Element(ModuleHelp.Dev + "type")!.Element(ModuleHelp.Maml + "name")!.Value)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var output in cmdlet.OutputTypes.OfType<Type>())
            {
                Assert.Contains(output.FullName!, returns);
            }
        }
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlet_classes()
    {
        var manifest = File.ReadAllText(Path.Combine(RepoPaths.Root, "GitOpsAgent.psd1"));
        var block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline);
        Assert.True(block.Success, "CmdletsToExport is missing from GitOpsAgent.psd1");
        var exported = Regex.Matches(block.Groups[1].Value, "'([^']+)'").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(_assembly.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal).ToList(), exported);
        Assert.Matches(@"FunctionsToExport\s*=\s*@\(\)", manifest);
        Assert.Matches(@"AliasesToExport\s*=\s*@\(\)", manifest);
    }

    [Fact]
    public void The_format_file_is_in_the_manifest_and_build_and_has_a_view_for_every_output_type()
    {
        var manifest = File.ReadAllText(Path.Combine(RepoPaths.Root, "GitOpsAgent.psd1"));
        Assert.Matches(@"FormatsToProcess\s*=\s*@\('GitOpsAgent\.Format\.ps1xml'\)", manifest);
        var build = File.ReadAllText(Path.Combine(RepoPaths.Root, "build.ps1"));
        Assert.Contains("'repo:src/GitOpsAgent.Cmdlets/GitOpsAgent.Format.ps1xml'", build, StringComparison.Ordinal);
        Assert.Contains("'repo:src/GitOpsAgent.Cmdlets/en-US/GitOpsAgent.dll-Help.xml'", build, StringComparison.Ordinal);

        var format = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "GitOpsAgent.Cmdlets", "GitOpsAgent.Format.ps1xml"));
        var viewed = format.Descendants("ViewSelectedBy").Elements("TypeName").Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var name in viewed)
        {
            Assert.True(_assembly.FindType(name) is not null, $"the format file has a view for {name}, which is not a type of the module");
        }

        foreach (var output in _assembly.Cmdlets.SelectMany(c => c.OutputTypes).OfType<Type>())
        {
            Assert.Contains(output.FullName!, viewed);
        }
    }

    [Fact]
    public void App_name_parameters_complete_from_the_agent_config()
    {
        var completed = _assembly.Cmdlets
            .SelectMany(c => c.Type.GetProperties().Select(p => (Cmdlet: c.Name, Property: p)))
            .Where(x => x.Property.GetCustomAttributesData().Any(a =>
                a.AttributeType.FullName == CmdletAssembly.AutomationNamespace + ".ArgumentCompleterAttribute"
                && a.ConstructorArguments.Single().Value is Type { Name: "AppNameCompleter" }))
            .Select(x => $"{x.Cmdlet} -{x.Property.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["Get-GitOpsApp -Name", "Get-GitOpsHistory -App", "Invoke-GitOpsReconcile -Name", "Resume-GitOpsApp -Name", "Set-GitOpsConfig -RemoveApplication", "Suspend-GitOpsApp -Name"], completed);
    }
}
