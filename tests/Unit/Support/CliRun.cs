namespace GitOpsAgent.Tests.Unit.Support;

public sealed record CliRun(int ExitCode, string Output, string Error);
