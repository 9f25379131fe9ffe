namespace GitOpsAgent.Toml;

/// <summary>
/// Where each section header and each top-level key/value sits in the source text, recorded by the reader
/// so the editor can splice text without disturbing anything it does not touch.
/// </summary>
internal sealed class TomlLayout
{
    public List<TomlLayoutSection> Sections { get; } = [new TomlLayoutSection([], false, 0, 0)];

    public List<TomlLayoutKeyValue> KeyValues { get; } = [];

    public int TextLength { get; private set; }

    public void AddSection(string[] path, bool isArray, int headerStart, int headerEnd) =>
        Sections.Add(new TomlLayoutSection(path, isArray, headerStart, headerEnd));

    public void AddKeyValue(string[] path, int keyStart, int valueStart, int valueEnd, object value) =>
        KeyValues.Add(new TomlLayoutKeyValue(path, Sections.Count - 1, keyStart, valueStart, valueEnd, value));

    public void Finish(int textLength) => TextLength = textLength;
}
