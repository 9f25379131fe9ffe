using System.Xml.Linq;

namespace GitOpsAgent.Tests.Unit.Cmdlets;

/// <summary>The module's MAML help file, by command.</summary>
internal sealed class ModuleHelp
{
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public ModuleHelp()
    {
        Path = System.IO.Path.Combine(RepoPaths.Root, "src", "GitOpsAgent.Cmdlets", "en-US", "GitOpsAgent.dll-Help.xml");
        Document = XDocument.Load(Path);
    }

    public string Path { get; }

    public XDocument Document { get; }

    public IEnumerable<XElement> Commands => Document.Root!.Elements(Command + "command");

    public XElement? For(string cmdletName) =>
        Commands.SingleOrDefault(c => (string?)c.Element(Command + "details")?.Element(Command + "name") == cmdletName);

    public static IReadOnlyDictionary<string, string> ParameterDescriptions(XElement command) =>
        command.Element(Command + "parameters")!.Elements(Command + "parameter").ToDictionary(
            p => (string)p.Element(Maml + "name")!,
            p => string.Concat(p.Element(Maml + "description")?.Elements(Maml + "para").Select(x => x.Value) ?? []).Trim());
}
