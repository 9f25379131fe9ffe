using System.Text;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Configuration;

/// <summary>Every problem in infra_meta.toml is reported with file, line, key and the fix; a bad section fails that app only.</summary>
public sealed class InfraMetaValidationTests : IDisposable
{
    private const string File = "/repo/edge-01/infra_meta.toml";
    private const string Commit = "3f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";
    private readonly TempDirectory _repo = new("gitops-infra");

    public void Dispose() => _repo.Dispose();

    private static InfraMeta Parse(string toml) => InfraMetaLoader.Parse(Encoding.UTF8.GetBytes(toml), File, "/repo");

    private static ConfigFinding SingleError(string toml, string app = "web")
    {
        var result = Parse(toml).For(app);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    private static string Web(string body) => "[web]\n" + body;

    private const string Valid = $"code_url = \"git@example.com:org/web.git\"\ncode_commit_hash = \"{Commit}\"\ncode_local_path = \"/srv/web\"\n";

    [Fact]
    public void A_valid_section_becomes_a_desired_app()
    {
        var app = Parse(Web(Valid + "config_files = [ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\" } ]\npost_updation_command = \"systemctl restart web\"\n")).For("web").App;

        Assert.NotNull(app);
        Assert.Equal("git@example.com:org/web.git", app.CodeUrl);
        Assert.Equal("/srv/web", app.CodeLocalPath);
        Assert.Equal(new ConfigFileMapping("edge-01/web.env", "/srv/web/.env"), Assert.Single(app.ConfigFiles));
        Assert.Equal("systemctl restart web", app.PostUpdationCommand);
        Assert.Null(app.PreUpdationCommand);
    }

    [Fact]
    public void A_missing_required_key_names_the_key_and_the_section_line()
    {
        var error = SingleError("# device apps\n\n" + Web($"code_url = \"u\"\ncode_local_path = \"/srv/web\"\n"));

        Assert.Equal(3, error.Line);
        Assert.Equal("web", error.Key);
        Assert.Contains("\"code_commit_hash\" is missing", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{File}:3:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_type_names_the_key_path_the_expected_and_the_found_type()
    {
        var error = SingleError(Web("code_url = \"u\"\ncode_commit_hash = 1234567\ncode_local_path = \"/srv/web\"\n"));

        Assert.Equal("web.code_commit_hash", error.Key);
        Assert.Equal(3, error.Line);
        Assert.Contains("expected a string, found an integer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("srv/web")]
    [InlineData("/srv/../etc")]
    public void A_relative_code_local_path_is_an_error(string path)
    {
        var error = SingleError(Web($"code_url = \"u\"\ncode_commit_hash = \"{Commit}\"\ncode_local_path = \"{path}\"\n"));

        Assert.Equal("web.code_local_path", error.Key);
        Assert.Contains("absolute path", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void A_relative_dst_and_a_src_escaping_the_repo_are_errors()
    {
        var result = Parse(Web(Valid + "config_files = [\n  { src = \"../../etc/shadow\", dst = \"/srv/web/.env\" },\n  { src = \"edge-01/a\", dst = \"relative/b\" },\n]\n")).For("web");

        Assert.False(result.IsValid);
        var errors = result.Errors.ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Key == "web.config_files[0].src" && e.Message.Contains("outside the config repo", StringComparison.Ordinal) && e.Line == 6);
        Assert.Contains(errors, e => e.Key == "web.config_files[1].dst" && e.Message.Contains("absolute file path", StringComparison.Ordinal) && e.Line == 7);
    }

    [Theory]
    [InlineData("abc123")]
    [InlineData("not-a-commit-id")]
    [InlineData("3f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b00")]
    public void A_code_commit_hash_that_is_not_a_commit_id_is_an_error(string hash)
    {
        var error = SingleError(Web($"code_url = \"u\"\ncode_commit_hash = \"{hash}\"\ncode_local_path = \"/srv/web\"\n"));

        Assert.Equal("web.code_commit_hash", error.Key);
        Assert.Contains("7 to 40 hexadecimal digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_removed_legacy_keys_are_errors_that_show_the_config_files_form()
    {
        var result = Parse(Web(Valid + "config_src_path_rel_in_this_repo = \"edge-01/web.env\"\nconfig_dst_path_abs = \"/srv/web/.env\"\n")).For("web");

        var errors = result.Errors.ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("config_files = [ { src = \"edge-01/web.env\", dst = \"/srv/web/.env\" } ]", e.Message, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Key == "web.config_src_path_rel_in_this_repo" && e.Line == 5);
        Assert.Contains(errors, e => e.Key == "web.config_dst_path_abs" && e.Line == 6);
    }

    [Fact]
    public void Unknown_keys_are_warned_about_never_silently_dropped()
    {
        var result = Parse(Web(Valid + "post_update_command = \"typo\"\n")).For("web");

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("web.post_update_command", warning.Key);
        Assert.Equal(5, warning.Line);
        Assert.Contains("unknown key", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_section_fails_that_app_only()
    {
        var meta = Parse(Web("code_url = 5\n") + "[api]\n" + Valid.Replace("/srv/web", "/srv/api", StringComparison.Ordinal));

        Assert.False(meta.For("web").IsValid);
        Assert.True(meta.For("api").IsValid);
    }

    [Fact]
    public void An_app_named_in_the_agent_config_but_missing_from_infra_meta_is_an_error()
    {
        var error = SingleError(Web(Valid), app: "api");

        Assert.Contains("no [api] section", error.Message, StringComparison.Ordinal);
        Assert.Equal(File, error.File);
    }

    [Fact]
    public void A_syntax_error_fails_every_app_with_line_and_column()
    {
        var meta = Parse(Web("code_url \"u\"\n"));

        var error = Assert.Single(meta.For("web").Errors);
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Column);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_infra_folder_or_file_is_an_error_naming_what_to_create()
    {
        var noFolder = InfraMetaLoader.Load(_repo.Path, "edge-01").For("web");
        Assert.Contains("no folder \"edge-01/\"", Assert.Single(noFolder.Errors).Message, StringComparison.Ordinal);

        Directory.CreateDirectory(_repo.Combine("edge-01"));
        var noFile = InfraMetaLoader.Load(_repo.Path, "edge-01").For("web");
        Assert.Contains("no infra_meta.toml", Assert.Single(noFile.Errors).Message, StringComparison.Ordinal);
    }
}
