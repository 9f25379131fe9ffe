namespace GitOpsAgent.Core.Configuration;

/// <summary>
/// One config file: <c>src</c> relative to the config repo root, copied to the absolute <c>dst</c>, with an optional
/// mode (permission bits, from <c>mode = "0640"</c>), owner and group (names or numeric ids). What is not given is
/// kept from the file being replaced, or is 0644 root:root (the agent's own user) for a new file.
/// </summary>
public sealed record ConfigFileMapping(string Source, string Destination)
{
    /// <summary>The permission bits, 0 to 0o7777; null: not declared.</summary>
    public int? Mode { get; init; }

    public string? Owner { get; init; }

    public string? Group { get; init; }

    /// <summary>True when the file's mode or ownership is declared, so it is checked as drift.</summary>
    public bool DeclaresAccess => Mode is not null || Owner is not null || Group is not null;
}
