namespace GitOpsAgent.Core.Operations;

/// <summary>Apps were asked for by name that the agent config does not list.</summary>
public sealed class UnknownAppException : Exception
{
    public UnknownAppException(IReadOnlyList<string> names, IReadOnlyList<string> known)
        : base(Describe(names, known))
    {
        Names = names;
        Known = known;
    }

    public UnknownAppException()
    {
        Names = [];
        Known = [];
    }

    public UnknownAppException(string message)
        : base(message)
    {
        Names = [];
        Known = [];
    }

    public UnknownAppException(string message, Exception innerException)
        : base(message, innerException)
    {
        Names = [];
        Known = [];
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<string> Known { get; }

    private static string Describe(IReadOnlyList<string> names, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(known);
        var list = string.Join(", ", names.Select(n => $"\"{n}\""));
        var knownList = known.Count == 0 ? "none" : string.Join(", ", known);
        return $"no app named {list} in the agent config's [applications]. Known apps: {knownList}.";
    }
}
