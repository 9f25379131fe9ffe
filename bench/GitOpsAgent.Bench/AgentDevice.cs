namespace GitOpsAgent.Bench;

/// <summary>
/// One device for the bytes benchmark: an agent config and an agent home of its own, and the built
/// <c>gitops-agent</c> run on them as a process, with a timeout.
/// </summary>
public sealed class AgentDevice
{
    private readonly AgentBinaries _binaries;

    public AgentDevice(AgentBinaries binaries, string root, string name, string configRepoUrl, int retentionDays = 400)
    {
        _binaries = binaries;
        Name = name;
        Home = Path.Combine(root, "homes", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        ConfigFile = Path.Combine(Home + ".toml");
        Directory.CreateDirectory(Home);
        // A year of monitoring history is kept only when the retention covers it; the default 30 days would squash it.
        File.WriteAllText(ConfigFile, $"infra_name = \"{name}\"\ninterval = 300\nmonitoring_history_retention_days = {retentionDays}\n[applications]\nweb = \"{configRepoUrl}@main\"\n");
    }

    public string Name { get; }

    public string Home { get; }

    public string ConfigFile { get; }

    /// <summary>Runs one command (<c>reconcile</c>, <c>publish</c>, <c>status --fleet</c>…); fails on an exit code not in <paramref name="allowed"/>.</summary>
    public string Run(string[] arguments, params int[] allowed)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var (file, prefix) = _binaries.Command(useAot: false);
        var (exitCode, output, error) = BenchProcess.Run(file, [.. prefix, .. arguments, "--config", ConfigFile, "--home", Home], timeout: TimeSpan.FromMinutes(5), environment: QuietGitEnvironment.Variables);
        if (!(allowed.Length == 0 ? exitCode == 0 : allowed.Contains(exitCode)))
        {
            throw new InvalidOperationException($"gitops-agent {string.Join(' ', arguments)} on {Name} exited {exitCode}:\n{output}{error}");
        }

        return output + error;
    }
}
