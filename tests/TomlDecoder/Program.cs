using System.Text;
using GitOpsAgent.Toml;
using GitOpsAgent.TomlDecoder;

// toml-test decoder protocol: TOML on stdin; tagged JSON on stdout and exit 0, or a message on stderr and exit 1.
using var stdin = Console.OpenStandardInput();
using var buffer = new MemoryStream();
stdin.CopyTo(buffer);

try
{
    var document = TomlParser.Parse(buffer.ToArray(), "stdin");
    using var stdout = Console.OpenStandardOutput();
    var json = Encoding.UTF8.GetBytes(TaggedJsonEncoder.Encode(document) + "\n");
    stdout.Write(json);
    return 0;
}
catch (TomlParseException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
