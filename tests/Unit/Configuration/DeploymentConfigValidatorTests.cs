using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Configuration;

public sealed class DeploymentConfigValidatorTests : IDisposable
{
    private readonly TempDirectory _repo = new("gitops-deploy-config");

    public void Dispose() => _repo.Dispose();

    private void Write(string relative, string text)
    {
        var path = _repo.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private const string GoodSection = "[web]\ncode_url = \"git@github.com:org/web.git\"\ncode_commit_hash = \"3f1c2d4\"\ncode_local_path = \"/srv/web\"\n";

    [Fact]
    public void A_valid_repo_has_no_findings_and_every_infra_file_is_read()
    {
        Write("edge-01/infra_meta.toml", GoodSection);
        Write("edge-02/infra_meta.toml", GoodSection);
        Write(".github/infra_meta.toml", "not = [toml");

        var result = DeploymentConfigValidator.Validate(_repo.Path);

        Assert.Empty(result.Findings);
        Assert.False(result.HasErrors);
        Assert.Equal([_repo.Combine("edge-01", "infra_meta.toml"), _repo.Combine("edge-02", "infra_meta.toml")], result.Files);
    }

    [Fact]
    public void Findings_name_file_line_app_and_key()
    {
        Write("edge-01/infra_meta.toml", GoodSection + "\n[api]\ncode_url = \"git@github.com:org/api.git\"\ncode_commit_hash = \"nothex!\"\ncode_local_path = \"relative/path\"\nconfig_src_path_rel_in_this_repo = \"edge-01/api.env\"\n");

        var result = DeploymentConfigValidator.Validate(_repo.Path);

        Assert.True(result.HasErrors);
        var file = _repo.Combine("edge-01", "infra_meta.toml");
        Assert.Contains(result.Findings, f => f.File == file && f.Line == 8 && f.App == "api" && f.Key == "api.code_commit_hash" && f.Severity == FindingSeverity.Error);
        Assert.Contains(result.Findings, f => f.Line == 9 && f.Key == "api.code_local_path");
        Assert.Contains(result.Findings, f => f.Line == 10 && f.Key == "api.config_src_path_rel_in_this_repo" && f.Message.Contains("config_files", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.App == "web");
        Assert.Equal(result.Findings.OrderBy(f => f.Line).Select(f => f.Line), result.Findings.Select(f => f.Line));
    }

    [Fact]
    public void A_syntax_error_is_one_finding_at_its_line()
    {
        Write("edge-01/infra_meta.toml", GoodSection + "broken = \n");

        var finding = Assert.Single(DeploymentConfigValidator.Validate(_repo.Path).Findings);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal(5, finding.Line);
    }

    [Fact]
    public void A_config_file_source_missing_from_the_repo_is_a_warning()
    {
        Write("edge-01/web.env", "PORT=1\n");
        Write("edge-01/infra_meta.toml", GoodSection + "config_files = [ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\" }, { src = \"edge-01/gone.env\", dst = \"/srv/web/gone.env\" } ]\n");

        var finding = Assert.Single(DeploymentConfigValidator.Validate(_repo.Path).Findings);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("web.config_files", finding.Key);
        Assert.Contains("edge-01/gone.env", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_infra_can_be_checked_alone_and_a_missing_one_is_an_error()
    {
        Write("edge-01/infra_meta.toml", GoodSection);
        Write("edge-02/infra_meta.toml", "broken =");

        Assert.Empty(DeploymentConfigValidator.Validate(_repo.Path, "edge-01").Findings);
        var missing = Assert.Single(DeploymentConfigValidator.Validate(_repo.Path, "edge-03").Findings);
        Assert.Contains("edge-03", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repo_without_any_infra_file_or_a_missing_folder_is_an_error()
    {
        Assert.True(DeploymentConfigValidator.Validate(_repo.Path).HasErrors);
        Assert.True(DeploymentConfigValidator.Validate(_repo.Combine("nope")).HasErrors);
    }
}
