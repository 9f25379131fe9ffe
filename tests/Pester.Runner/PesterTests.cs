namespace GitOpsAgent.Tests.Pester;

/// <summary>Each Pester test as its own xunit result, named after its Describe › Context › It path.</summary>
public sealed class PesterTests
{
    // Enumerated when the tests run, not at discovery: the rows come from running Pester.
    public static IEnumerable<TheoryDataRow<PesterResult>> Results() =>
        PesterSuite.Results.Select(result => new TheoryDataRow<PesterResult>(result)
        {
            TestDisplayName = result.DisplayName,
            Skip = result.Outcome is "Skipped" or "NotRun" ? $"{result.Outcome} in Pester{(result.Message.Length > 0 ? ": " + result.Message : string.Empty)}" : null,
        });

    [Theory]
    [MemberData(nameof(Results), DisableDiscoveryEnumeration = true)]
    public void Passes(PesterResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Assert.True(result.Outcome == "Passed", $"{result.DisplayName}: {result.Outcome}\n{result.Message}");
    }
}
