using GitOpsAgent.Core.Reconcile;
using GitOpsAgent.Core.Reports;
using GitOpsAgent.Tests.Unit.Support;

namespace GitOpsAgent.Tests.Unit.Lifecycle;

/// <summary>
/// One app "web" with a config file and hooks that log every run, so a test can count attempts: the post command
/// appends "post &lt;commit&gt;" and the health check appends "check &lt;content of app.txt&gt;" to files under the sandbox.
/// Releases whose app.txt contains "broken" fail their health check.
/// </summary>
public sealed class LifecycleSandbox : IDisposable
{
    public DeviceSandbox Device { get; } = new();

    public string PostLog => Path.Combine(Device.Root, "post.log");

    public string CheckLog => Path.Combine(Device.Root, "check.log");

    public string ConfigDestination => Path.Combine(Device.Device, "etc", "web.env");

    public string PostCommand => $"echo \"post $GITOPS_COMMIT\" >> {PostLog}";

    public string HealthCheck => $"echo \"check $(cat app.txt)\" >> {CheckLog}; ! grep -q broken app.txt";

    /// <summary>Declares web at <paramref name="commit"/> with env content and extra keys; pushes the config repo.</summary>
    public void Declare(string commit, string env, string extra = "")
    {
        Device.WriteConfigRepoFile(Path.Combine(Device.InfraName, "web.env"), env);
        Device.SetInfraMeta(Device.Section(
            "web",
            commit,
            post: PostCommand,
            configFiles: [($"{Device.InfraName}/web.env", ConfigDestination)],
            extra: $"health_check_command = {DeviceSandbox.Quote(HealthCheck)}\nhealth_check_interval = 0\nhealth_check_retries = 1\n{extra}"));
    }

    public AppOutcome Pass(ReconcileOptions? options = null, TimeProvider? clock = null) =>
        Assert.Single(new ReconcileEngine(Device.Paths, new RecordingHost(), clock: clock).RunPass(Device.LoadConfig(), options, TestContext.Current.CancellationToken).Apps);

    public int PostRuns => File.Exists(PostLog) ? File.ReadAllLines(PostLog).Length : 0;

    public IReadOnlyList<string> PostLines => File.Exists(PostLog) ? File.ReadAllLines(PostLog) : [];

    public int CheckRuns => File.Exists(CheckLog) ? File.ReadAllLines(CheckLog).Length : 0;

    public string Head => TestGit.Run(Device.AppPath("web"), "rev-parse", "HEAD");

    /// <summary>A healthy v1 deployed (and so remembered as the last healthy state); returns its commit.</summary>
    public string DeployHealthyV1(string extra = "")
    {
        var v1 = Device.CreateApp("web");
        Declare(v1, "MODE=one\n", extra);
        Device.WriteAgentConfig(["web"]);
        var first = Pass();
        Assert.True(first.Healthy, first.Error);
        return v1;
    }

    public void Dispose() => Device.Dispose();
}
