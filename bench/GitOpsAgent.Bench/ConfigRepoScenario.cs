using System.Globalization;

namespace GitOpsAgent.Bench;

/// <summary>
/// Issue 16's config repo: <see cref="Devices"/> device folders (each an infra_meta.toml and two config files of a
/// few KB), <c>shared/common.env</c>, a history of <see cref="HistoryCommits"/> commits that re-pin devices and change
/// their files, and hundreds of branches and tags. The measured devices' folders are given by the caller (their
/// URLs name the bench's proxies) and no history commit touches them.
/// </summary>
public sealed class ConfigRepoScenario
{
    public const int Devices = 1000;
    public const int HistoryCommits = 300;
    public const int DevicesPerCommit = 3;
    public const int Branches = 200;
    public const int Tags = 200;
    public const string SharedFile = "shared/common.env";
    private const string Author = "Fleet Operator <ops@example.test>";
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _bare;
    private readonly RandomText _text = new(1602);

    public ConfigRepoScenario(string bare, IReadOnlyDictionary<string, string> measuredInfraMeta)
    {
        ArgumentNullException.ThrowIfNull(measuredInfraMeta);
        _bare = bare;
        BenchProcess.Git(null, "init", "--quiet", "--bare", bare);
        FastImport.Into(bare, writer =>
        {
            var files = new List<KeyValuePair<string, string>>
            {
                KeyValuePair.Create("README.md", "# Deployment config\n\nOne folder per device; shared/ holds what many devices use.\n"),
                KeyValuePair.Create(SharedFile, _text.Settings("COMMON", 3000)),
            };
            for (var d = 1; d <= Devices; d++)
            {
                var device = Device(d);
                files.Add(KeyValuePair.Create($"{device}/infra_meta.toml", measuredInfraMeta.TryGetValue(device, out var meta) ? meta : OtherInfraMeta(device)));
                files.Add(KeyValuePair.Create($"{device}/web.env", _text.Settings("WEB", 2500)));
                files.Add(KeyValuePair.Create($"{{device}}/app.yaml", _text.Settings("app", 2500).Replace("=", ": ", StringComparison.Ordinal)));
            }

            writer.Commit("refs/heads/main", 1, Author, Start, "all devices", null, files);
            for (var mark = 2; mark <= HistoryCommits + 1; mark++)
            {
                var changes = new List<KeyValuePair<string, string>>();
                foreach (var d in Enumerable.Range(0, DevicesPerCommit).Select(_ => 1 + _text.Random.Next(Devices)).Distinct())
                {
                    var device = Device(d);
                    if (measuredInfraMeta.ContainsKey(device))
                    {
                        continue;
                    }

                    changes.Add(KeyValuePair.Create($"{device}/infra_meta.toml", OtherInfraMeta(device)));
                    changes.Add(KeyValuePair.Create($"{device}/web.env", _text.Settings("WEB", 2500)));
                }

                writer.Commit("refs/heads/main", mark, Author, Start.AddHours(mark * 24), $"deploy {mark}", null, changes);
            }

            for (var b = 0; b < Branches; b++)
            {
                writer.Reset($"refs/heads/change/{b:D3}", $":{2 + _text.Random.Next(HistoryCommits)}");
            }

            for (var t = 0; t < Tags; t++)
            {
                writer.Reset($"refs/tags/deploy-{t:D4}", $":{2 + t}");
            }
        });
    }

    public static string Device(int number) => $"edge-{number.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>One commit that gives <paramref name="device"/> a new infra_meta.toml and a new web.env, as an operator's release does.</summary>
    public void PushChange(string device, string infraMeta) =>
        FastImport.Into(_bare, writer => writer.Commit("refs/heads/main", 1, Author, Start.AddHours((HistoryCommits + 2) * 24), $"release for {device}", "refs/heads/main^0",
            [KeyValuePair.Create($"{device}/infra_meta.toml", infraMeta), KeyValuePair.Create($"{device}/web.env", _text.Settings("WEB", 2500))]));

    private string OtherInfraMeta(string device) =>
        $$"""
        [web]
        code_url = "git@git.example.internal:org/web.git"
        code_commit_hash = "{{_text.CommitId()}}"
        code_local_path = "/srv/web"
        config_files = [
          { src = "{{device}}/web.env", dst = "/srv/web/.env", mode = "0640", owner = "web", group = "web" },
          { src = "{{device}}/app.yaml", dst = "/srv/web/app.yaml" },
          { src = "{{SharedFile}}", dst = "/srv/web/common.env" },
        ]
        pre_updation_command = "systemctl stop web"
        post_updation_command = "systemctl start web"
        health_check_command = "curl -fsS http://localhost:8080/health"

        """;
}
