using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Configuration;

/// <summary>The -Edit flow, with real editor processes: shell commands that change the temp copy as an operator would.</summary>
public sealed class ConfigFileEditorTests : IDisposable
{
    private const string Valid = "# device config\ninfra_name = \"edge-01\"\ninterval = 300\n[applications]\nweb = \"file:///srv/git/deploy-config.git@main\"\n";

    private readonly TempDirectory _dir = new("gitops-config-edit");

    private string ConfigFile => _dir.Combine("config.toml");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_valid_edit_replaces_the_config()
    {
        File.WriteAllText(ConfigFile, Valid);

        var result = ConfigFileEditor.Edit(ConfigFile, "sed -i 's/interval = 300/interval = 45/'");

        Assert.True(result.Saved);
        Assert.Empty(result.Findings);
        Assert.Equal(45, result.Config!.Interval);
        Assert.Equal(Valid.Replace("300", "45", StringComparison.Ordinal), File.ReadAllText(ConfigFile));
    }

    [Fact]
    public void An_invalid_edit_keeps_the_original_reports_findings_and_keeps_the_rejected_copy()
    {
        File.WriteAllText(ConfigFile, Valid);

        var result = ConfigFileEditor.Edit(ConfigFile, "sed -i 's/interval = 300/interval = 0/'");

        Assert.False(result.Saved);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("interval", finding.Key);
        Assert.Equal(3, finding.Line);
        Assert.Equal(Valid, File.ReadAllText(ConfigFile));
        Assert.NotNull(result.RejectedCopy);
        try
        {
            Assert.Contains("interval = 0", File.ReadAllText(result.RejectedCopy!), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(result.RejectedCopy!);
        }
    }

    [Fact]
    public void An_editor_that_fails_changes_nothing()
    {
        File.WriteAllText(ConfigFile, Valid);

        var result = ConfigFileEditor.Edit(ConfigFile, "sed -i 's/300/0/' \"$1\"; exit 3; true");

        Assert.Equal(3, result.EditorExitCode);
        Assert.False(result.Saved);
        Assert.Equal(Valid, File.ReadAllText(ConfigFile));
    }

    [Fact]
    public void Quitting_without_changes_is_reported_as_unchanged()
    {
        File.WriteAllText(ConfigFile, Valid);
        var written = File.GetLastWriteTimeUtc(ConfigFile);

        var result = ConfigFileEditor.Edit(ConfigFile, "true");

        Assert.True(result.Unchanged);
        Assert.Equal(written, File.GetLastWriteTimeUtc(ConfigFile));
    }

    [Fact]
    public void A_missing_config_is_edited_from_the_template()
    {
        var result = ConfigFileEditor.Edit(ConfigFile, "sed -i 's/^# infra_name = \"edge-01\"/infra_name = \"edge-09\"/; s/^# \\[applications\\]/[applications]/'");

        Assert.True(result.Saved);
        Assert.Equal("edge-09", result.Config!.InfraName);
        Assert.Contains("# Seconds between passes", File.ReadAllText(ConfigFile), StringComparison.Ordinal);
    }
}
