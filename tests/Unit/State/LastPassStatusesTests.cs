using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Core.State;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.State;

/// <summary>
/// Get-GitOpsApp reads only when the last pass finished and each app's status from the saved pass; what it reads is
/// what the whole report says.
/// </summary>
public sealed class LastPassStatusesTests : IDisposable
{
    private readonly TempDirectory _dir = new("gitops-lastpass");

    [Fact]
    public void The_statuses_read_from_the_saved_pass_are_those_of_the_whole_report()
    {
        var paths = new AgentPaths(_dir.Path);
        LastPassStore.Save(paths, new PassReport
        {
            InfraName = "edge-01",
            StartedAt = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 12, 3, 10, 0, 1, 234, TimeSpan.FromHours(1)),
            Apps =
            [
                new AppOutcome { Name = "web", ConfigSource = "file:///config.git@main" },
                new AppOutcome { Name = "api", ConfigSource = "file:///config.git@main", Status = StatusLabels.CommandFailed, Error = "exit 3" },
                new AppOutcome { Name = "web", ConfigSource = "file:///other.git@main", Status = StatusLabels.ConfigUpdateFailed },
            ],
        });

        var read = LastPassStore.LoadStatuses(paths);
        var whole = LastPassStatuses.Of(LastPassStore.Load(paths)!);

        Assert.NotNull(read);
        Assert.Equal(whole.FinishedAt, read.FinishedAt);
        Assert.Equal(whole.StatusByApp, read.StatusByApp);
        Assert.Equal(StatusLabels.Healthy, read.StatusByApp["web"]);
    }

    [Fact]
    public void No_saved_pass_reads_as_none_and_an_unreadable_one_fails_as_the_whole_report_does()
    {
        var paths = new AgentPaths(_dir.Path);
        Assert.Null(LastPassStore.LoadStatuses(paths));

        Directory.CreateDirectory(Path.GetDirectoryName(paths.LastPassFile)!);
        File.WriteAllText(paths.LastPassFile, "{ \"apps\": [ ");

        var read = Assert.Throws<InvalidDataException>(() => LastPassStore.LoadStatuses(paths));
        var whole = Assert.Throws<InvalidDataException>(() => LastPassStore.Load(paths));
        Assert.StartsWith($"{paths.LastPassFile}: the saved pass cannot be read", read.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{paths.LastPassFile}: the saved pass cannot be read", whole.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
