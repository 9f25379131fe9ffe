using System.Reflection.PortableExecutable;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Ops;

/// <summary>
/// What build.ps1 -Task Package ships is precompiled code this runtime accepts. A ReadyToRun image whose format the
/// runtime does not read is loaded without complaint and every method is JIT-compiled anyway, which is what the
/// net8.0 projects' own PublishReadyToRun gave on .NET 10; only the format version tells.
/// </summary>
public sealed class ReadyToRunPackageTests : IDisposable
{
    private const uint ReadyToRunSignature = 0x00525452; // "RTR"

    private readonly TempDirectory _dir = new("gitops-r2r");

    [Fact]
    public void Package_compiles_net8_IL_into_images_of_the_format_this_runtime_reads_and_keeps_the_IL()
    {
        var input = Directory.CreateDirectory(_dir.Combine("input")).FullName;
        var output = _dir.Combine("output");
        var il = Path.Combine(input, "GitOpsAgent.Toml.dll");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "GitOpsAgent.Toml.dll"), il);
        var project = Path.Combine(RepoPaths.Root, "build", "ReadyToRun", "GitOpsAgent.ReadyToRun.csproj");
        var runtime = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

        var (exitCode, stdout, stderr) = ShellCommand.Run("dotnet", ["publish", project, "-c", "Release", "-r", runtime, "-o", output, $"-p:ReadyToRunInput={input}", "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, $"ReadyToRun compilation failed:\n{stdout}{stderr}");
        var compiled = Path.Combine(output, "GitOpsAgent.Toml.dll");
        Assert.Null(ReadyToRunMajorVersion(il));
        Assert.Equal(ReadyToRunMajorVersion(typeof(object).Assembly.Location), ReadyToRunMajorVersion(compiled));
        Assert.Equal(ModuleVersionId(il), ModuleVersionId(compiled));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The major version of the image's ReadyToRun header, or null for an IL-only assembly.</summary>
    private static int? ReadyToRunMajorVersion(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var header = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory;
        if (header.Size == 0 || !pe.PEHeaders.TryGetDirectoryOffset(header, out var offset))
        {
            return null;
        }

        var image = pe.GetEntireImage().GetContent();
        Assert.Equal(ReadyToRunSignature, BitConverter.ToUInt32(image.AsSpan(offset, 4)));
        return BitConverter.ToUInt16(image.AsSpan(offset + 4, 2));
    }

    private static Guid ModuleVersionId(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }
}
