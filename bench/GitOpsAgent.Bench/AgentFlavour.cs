namespace GitOpsAgent.Bench;

/// <summary>How a gitops-agent build runs its code: JIT-compiled IL, IL with ReadyToRun code, or NativeAOT.</summary>
public enum AgentFlavour
{
    Jit,
    ReadyToRun,
    NativeAot,
}
