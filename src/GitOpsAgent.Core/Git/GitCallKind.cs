namespace GitOpsAgent.Core.Git;

/// <summary>Network-class calls (ls-remote, fetch, clone, push) get a longer timeout and are counted apart.</summary>
public enum GitCallKind
{
    Local,
    Network,
}
