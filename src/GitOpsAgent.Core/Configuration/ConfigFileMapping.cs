namespace GitOpsAgent.Core.Configuration;

/// <summary>One config file: <c>src</c> relative to the config repo root, copied to the absolute <c>dst</c>.</summary>
public sealed record ConfigFileMapping(string Source, string Destination);
