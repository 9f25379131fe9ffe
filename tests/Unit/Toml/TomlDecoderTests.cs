using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace GitOpsAgent.Tests.Unit.Toml;

/// <summary>The built toml-test decoder speaks the standard interface: stdin to stdout, exit codes 0 and 1.</summary>
public sealed class TomlDecoderTests
{
    [Fact]
    public async Task Valid_toml_becomes_tagged_json_with_exit_code_0()
    {
        var (exitCode, stdout, stderr) = await RunDecoder("name = \"edge\"\nport = 8080\n[t]\nwhen = 1979-05-27\n");
        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("integer", json.RootElement.GetProperty("port").GetProperty("type").GetString());
        Assert.Equal("8080", json.RootElement.GetProperty("port").GetProperty("value").GetString());
        Assert.Equal("date-local", json.RootElement.GetProperty("t").GetProperty("when").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invalid_toml_prints_the_error_on_stderr_with_exit_code_1()
    {
        var (exitCode, stdout, stderr) = await RunDecoder("a = 1\nb = \n");
        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("stdin:2:5: expected a value", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suite_cases_pass_through_the_decoder()
    {
        var suite = TomlComplianceTests.RequireSuite();
        var valid = suite.ValidCases.First(f => f.EndsWith("spec-example-1.toml", StringComparison.Ordinal));
        var (exitCode, stdout, stderr) = await RunDecoder(suite.ReadText(valid));
        Assert.True(exitCode == 0, stderr);
        var differences = new List<string>();
        using (var expected = JsonDocument.Parse(suite.ReadText(Path.ChangeExtension(valid, ".json"))))
        using (var actual = JsonDocument.Parse(stdout))
        {
            TaggedJsonComparer.Compare(expected.RootElement, actual.RootElement, "$", differences);
        }

        Assert.Empty(differences);
        var invalid = suite.InvalidCases.First();
        Assert.Equal(1, (await RunDecoder(suite.ReadText(invalid))).ExitCode);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunDecoder(string input)
    {
        var decoder = Path.Combine(AppContext.BaseDirectory, "toml-decoder.dll");
        Assert.True(File.Exists(decoder), $"decoder not built at {decoder}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(decoder);
        using var process = Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        var bytes = Encoding.UTF8.GetBytes(input);
        await process.StandardInput.BaseStream.WriteAsync(bytes, cancel);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancel);
        return (process.ExitCode, await stdout, await stderr);
    }
}
