using GitOpsAgent.Core.Monitoring;

namespace GitOpsAgent.Bench;

/// <summary>
/// A <c>main-monitoring</c> branch as a fleet leaves it: one report per device (<see cref="SyntheticReport"/>) and
/// <c>days</c> of history ending today, <c>commitsPerDay</c> commits a day each changing <c>reportsPerCommit</c>
/// reports. The blobs are written device by device, so fast-import stores each version as a delta of the device's
/// previous one, as a repacked server would. The README fleet table is re-rendered weekly in the history (rendering
/// it at every commit would take minutes) and at every commit <see cref="AppendPublishes"/> adds, as devices do.
/// </summary>
public sealed class MonitoringScenario
{
    public const string Branch = "main-monitoring";
    private readonly string _bare;
    private readonly string _source;
    private readonly RandomText _text;
    private readonly string[] _current;
    private readonly DateTimeOffset _end;

    public MonitoringScenario(string bare, string source, int devices, int days, int commitsPerDay, int reportsPerCommit, int seed)
    {
        _bare = bare;
        _source = source;
        _text = new RandomText(seed);
        _current = new string[devices];
        _end = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var commits = days * commitsPerDay;
        var start = _end.AddDays(-days);
        var step = TimeSpan.FromDays(1) / commitsPerDay;
        var touched = Enumerable.Range(0, commits)
            .Select(_ => Enumerable.Range(0, reportsPerCommit).Select(_ => _text.Random.Next(devices)).Distinct().ToArray())
            .ToArray();

        // Every version of every report, device by device: (device, commit index or -1 for the first) → text and mark.
        var versions = new Dictionary<(int Device, int Commit), (int Mark, string Text, string Message)>();
        var mark = 0;
        for (var d = 0; d < devices; d++)
        {
            foreach (var c in touched.Select((set, c) => (set, c)).Where(x => x.set.Contains(d)).Select(x => x.c).Prepend(-1))
            {
                var report = SyntheticReport.Write(Device(d), source, c < 0 ? start : start + (step * (c + 1)), _text);
                versions[(d, c)] = (++mark, report.Text, report.CommitMessage);
            }
        }

        FastImport.Into(bare, writer =>
        {
            foreach (var version in versions.Values.OrderBy(v => v.Mark))
            {
                writer.Blob(version.Mark, version.Text);
            }

            var commitMark = mark;
            var seed = Enumerable.Range(0, devices).Select(d => KeyValuePair.Create(Device(d) + ".toml", ":" + versions[(d, -1)].Mark)).ToList();
            for (var d = 0; d < devices; d++)
            {
                _current[d] = versions[(d, -1)].Text;
            }

            seed.Add(KeyValuePair.Create(FleetDashboard.FileName, Readme()));
            writer.Commit("refs/heads/" + Branch, ++commitMark, Identity(0), start, "fleet reports", null, seed);
            for (var c = 0; c < commits; c++)
            {
                var files = new List<KeyValuePair<string, string>>();
                foreach (var d in touched[c])
                {
                    files.Add(KeyValuePair.Create(Device(d) + ".toml", ":" + versions[(d, c)].Mark));
                    _current[d] = versions[(d, c)].Text;
                }

                if ((c + 1) % (7 * commitsPerDay) == 0 || c == commits - 1)
                {
                    files.Add(KeyValuePair.Create(FleetDashboard.FileName, Readme()));
                }

                writer.Commit("refs/heads/" + Branch, ++commitMark, Identity(touched[c][0]), start + (step * (c + 1)), versions[(touched[c][0], c)].Message, null, files);
            }
        });
        Commits = commits + 1;
    }

    public int Commits { get; }

    public int Devices => _current.Length;

    public static string Device(int index) => ConfigRepoScenario.Device(index + 1);

    /// <summary>
    /// <paramref name="count"/> other devices (not <paramref name="except"/>) each pushing one changed report and the
    /// README they re-render, as the fleet does between two passes of one device.
    /// </summary>
    public void AppendPublishes(int count, string except)
    {
        var when = DateTimeOffset.UtcNow;
        FastImport.Into(_bare, writer =>
        {
            for (var i = 0; i < count; i++)
            {
                int d;
                do
                {
                    d = _text.Random.Next(_current.Length);
                }
                while (Device(d) == except);
                var report = SyntheticReport.Write(Device(d), _source, when.AddSeconds(i - count), _text);
                _current[d] = report.Text;
                writer.Commit("refs/heads/" + Branch, i + 1, Identity(d), when.AddSeconds(i - count), report.CommitMessage, i == 0 ? $"refs/heads/{Branch}^0" : null,
                    [KeyValuePair.Create(Device(d) + ".toml", report.Text), KeyValuePair.Create(FleetDashboard.FileName, Readme())]);
            }
        });
    }

    private static string Identity(int device) => $"{Device(device)} <{Device(device)}@gitops-agent.local>";

    private string Readme() =>
        FleetDashboard.Render(Branch, _source, _current.Select((text, d) => (Device(d) + ".toml", text)));
}
