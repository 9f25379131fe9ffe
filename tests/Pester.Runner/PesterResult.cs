namespace GitOpsAgent.Tests.Pester;

/// <summary>One Pester test (or a failed setup outside any test) as the runner script wrote it.</summary>
public sealed record PesterResult(string File, string Name, string Outcome, string Message, double Seconds)
{
    public string DisplayName => $"Pester › {File} › {Name}";

    // xunit appends the argument to the display name: the outcome is all it needs to add.
    public override string ToString() => Outcome;
}
