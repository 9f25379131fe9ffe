namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>The TOML type a key holds.</summary>
public enum ConfigValueKind
{
    Text,
    WholeNumber,
    Flag,
    Table,

    /// <summary>An array of tables, each with the keys of <see cref="ConfigKey.Entries"/>.</summary>
    TableList,

    /// <summary>An array of strings.</summary>
    TextList,
}
