namespace GitOpsAgent.Toml;

/// <summary>A <c>key = value</c> line: its absolute key path, its section and the text span of key and value.</summary>
internal sealed record TomlLayoutKeyValue(string[] Path, int Section, int KeyStart, int ValueStart, int ValueEnd, object Value);
