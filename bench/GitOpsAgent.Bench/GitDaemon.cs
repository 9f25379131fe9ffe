using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.Bench;

/// <summary>
/// `git daemon` on 127.0.0.1 serving a folder of bare repos (fetch and push), so network-class calls pay a
/// real socket round trip. Stopped when disposed. Server settings (<c>uploadpack.allowFilter</c>,
/// <c>uploadpack.allowAnySHA1InWant</c>, …) are given as <c>git -c</c> to the daemon, whose upload-pack and
/// receive-pack children inherit them, so two daemons on one folder can behave as two kinds of server.
/// </summary>
public sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    public GitDaemon(string basePath, IReadOnlyDictionary<string, string>? serverConfig = null)
    {
        Port = FreePort();
        var settings = (serverConfig ?? new Dictionary<string, string>()).SelectMany(pair => new[] { "-c", $"{pair.Key}={pair.Value}" });
        _process = BenchProcess.Start("git", [.. settings, "daemon", "--export-all", "--enable=receive-pack", "--reuseaddr", "--listen=127.0.0.1", $"--port={Port}", $"--base-path={basePath}", basePath]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Accepts(Port))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                Dispose();
                throw new InvalidOperationException("git daemon did not start listening on 127.0.0.1 within 10 s");
            }

            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    /// <summary>The daemon's process id, to read its CPU time and that of the children it reaped (/proc/PID/stat).</summary>
    public int ProcessId => _process.Id;

    public string UrlFor(string repo) => $"git://127.0.0.1:{Port}/{repo}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
