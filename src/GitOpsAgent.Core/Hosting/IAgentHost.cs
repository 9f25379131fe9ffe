namespace GitOpsAgent.Core.Hosting;

/// <summary>
/// What the engine may ask of whoever runs it: the cmdlets, the CLI and the tests each implement this,
/// so Core never sees PowerShell and both front doors stay thin.
/// </summary>
public interface IAgentHost
{
    /// <summary>Narration of each git and hook step (-Verbose, --verbose).</summary>
    void WriteVerbose(string message);

    /// <summary>Something the operator should know about that does not fail the pass.</summary>
    void WriteWarning(string message);

    /// <summary>Progress over a long pass; <paramref name="percentComplete"/> is 0–100.</summary>
    void WriteProgress(string activity, string status, int percentComplete);

    /// <summary>Asks whether a change to the machine may go ahead (-WhatIf/-Confirm, --dry-run).</summary>
    bool ShouldProcess(string target, string action);
}
