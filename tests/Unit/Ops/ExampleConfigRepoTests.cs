using GitOpsAgent.Core.Configuration;

namespace GitOpsAgent.Tests.Unit.Ops;

/// <summary>The sample deployment-config repo in examples/ is one the agent accepts without a finding.</summary>
public sealed class ExampleConfigRepoTests
{
    private static readonly string ExampleRepo = Path.Combine(RepoPaths.Root, "examples", "deploy-config");

    [Theory]
    [InlineData("edge-01", new[] { "web", "worker" })]
    [InlineData("edge-02", new[] { "web" })]
    public void Every_device_folder_loads_cleanly(string infraName, string[] apps)
    {
        var meta = InfraMetaLoader.Load(ExampleRepo, infraName, "examples/deploy-config");

        Assert.Empty(meta.FileFindings);
        Assert.Equal(apps, meta.Apps.Select(app => app.Name));
        Assert.All(meta.Apps, app =>
        {
            Assert.True(app.IsValid, string.Join("\n", app.Findings));
            Assert.Empty(app.Findings);
            Assert.All(app.App!.ConfigFiles, file => Assert.True(File.Exists(Path.Combine(ExampleRepo, file.Source)), $"{file.Source} is not in the example repo"));
        });
    }
}
