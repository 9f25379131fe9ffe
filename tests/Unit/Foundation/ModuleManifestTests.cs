using System.Text.RegularExpressions;

namespace GitOpsAgent.Tests.Unit.Foundation;

public sealed class ModuleManifestTests
{
    private static readonly string Manifest = File.ReadAllText(Path.Combine(RepoPaths.Root, "GitOpsAgent.psd1"));

    [Theory]
    [InlineData("RootModule", "GitOpsAgent.dll")]
    [InlineData("PowerShellVersion", "7.4")]
    public void Manifest_declares_required_scalar(string key, string expected)
    {
        var match = Regex.Match(Manifest, $@"^\s*{key}\s*=\s*'([^']*)'", RegexOptions.Multiline);
        Assert.True(match.Success, $"{key} is missing from GitOpsAgent.psd1");
        Assert.Equal(expected, match.Groups[1].Value);
    }

    [Fact]
    public void Manifest_declares_core_edition_guid_and_metadata()
    {
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Core'\)", Manifest);
        Assert.Matches(@"GUID\s*=\s*'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'", Manifest);
        Assert.Matches(@"Author\s*=\s*'[^']+'", Manifest);
        Assert.Matches(@"Description\s*=\s*'[^']+'", Manifest);
        Assert.Matches(@"ProjectUri\s*=\s*'https://[^']+'", Manifest);
        Assert.Matches(@"Tags\s*=\s*@\('[^)]+\)", Manifest);
        Assert.Matches(@"CmdletsToExport\s*=\s*@\(", Manifest);
    }

    [Fact]
    public void Manifest_version_matches_the_product_version_in_Directory_Build_props()
    {
        var props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var productVersion = Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        var moduleVersion = Regex.Match(Manifest, @"ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(productVersion));
        Assert.Equal(productVersion, moduleVersion);
    }
}
