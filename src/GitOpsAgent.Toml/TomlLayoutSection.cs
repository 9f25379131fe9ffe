namespace GitOpsAgent.Toml;

/// <summary>A <c>[header]</c> or <c>[[header]]</c> in the source; index 0 is the root section before any header.</summary>
internal sealed record TomlLayoutSection(string[] Path, bool IsArray, int HeaderStart, int HeaderEnd);
