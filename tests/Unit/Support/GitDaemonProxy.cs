using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>
/// `git daemon` serving a folder of bare repos on loopback, behind a TCP proxy the test controls: it forwards
/// faithfully, cuts every connection after <see cref="CutAfterBytes"/> bytes from the server (a link that drops in the
/// middle of a fetch), or swallows everything (<see cref="BlackHole"/>: a remote so slow nothing arrives).
/// </summary>
public sealed class GitDaemonProxy : IDisposable
{
    private readonly Process _daemon;
    private readonly int _daemonPort;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public GitDaemonProxy(string baseFolder)
    {
        _daemonPort = LoopbackPort.Free();
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "daemon", "--reuseaddr", "--export-all", $"--base-path={baseFolder}", "--listen=127.0.0.1", $"--port={_daemonPort}", baseFolder })
        {
            start.ArgumentList.Add(argument);
        }

        _daemon = Process.Start(start)!;
        _daemon.StandardInput.Close();
        LoopbackPort.WaitUntilListening(_daemonPort, "git daemon");
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public long CutAfterBytes { get; set; } = long.MaxValue;

    public bool BlackHole { get; set; }

    public string UrlOf(string repo) => $"git://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{repo}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _daemon.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _daemon.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            if (BlackHole)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            using var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _daemonPort);
            var up = Pump(client.GetStream(), server.GetStream(), long.MaxValue);
            var down = Pump(server.GetStream(), client.GetStream(), CutAfterBytes);
            await Task.WhenAny(up, down);
        }
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, long limit)
    {
        var buffer = new byte[4096];
        long sent = 0;
        try
        {
            while (sent < limit)
            {
                var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - sent)));
                if (read == 0)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read));
                sent += read;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The other side went away: the connection ends, as a dropped link's would.
        }
    }
}
