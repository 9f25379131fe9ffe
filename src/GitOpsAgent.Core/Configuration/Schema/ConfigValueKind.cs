namespace GitOpsAgent.Core.Configuration.Schema;

/// <summary>The TOML type a key holds.</summary>
public enum ConfigValueKind
{
    Text,
    WholeNumber,
    Flag,
    Table,
}
