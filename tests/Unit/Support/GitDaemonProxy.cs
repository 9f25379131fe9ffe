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
    private long _toServer;
    private long _toClient;

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

    /// <summary>Plays an old server: the client's request for protocol v2 never reaches the daemon, so it answers in v0.</summary>
    public bool ProtocolV0 { get; set; }

    /// <summary>Bytes the clients sent so far.</summary>
    public long ToServer => Interlocked.Read(ref _toServer);

    /// <summary>Bytes the server sent to clients so far.</summary>
    public long ToClient => Interlocked.Read(ref _toClient);

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _toServer, 0);
        Interlocked.Exchange(ref _toClient, 0);
    }

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
            if (ProtocolV0)
            {
                await ForwardRequestWithoutVersion(client.GetStream(), server.GetStream());
            }

            var up = Pump(client.GetStream(), server.GetStream(), long.MaxValue, count => Interlocked.Add(ref _toServer, count));
            var down = Pump(server.GetStream(), client.GetStream(), CutAfterBytes, count => Interlocked.Add(ref _toClient, count));
            await Task.WhenAny(up, down);
        }
    }

    private async Task ForwardRequestWithoutVersion(NetworkStream from, NetworkStream to)
    {
        var received = new List<byte>();
        var buffer = new byte[1];
        while (GitOpsAgent.Bench.GitDaemonRequest.Length(received.ToArray()) is not { } length || received.Count < length)
        {
            if (await from.ReadAsync(buffer) == 0)
            {
                return;
            }

            received.Add(buffer[0]);
        }

        Interlocked.Add(ref _toServer, received.Count);
        await to.WriteAsync(GitOpsAgent.Bench.GitDaemonRequest.WithoutExtraParameters(received.ToArray()));
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, long limit, Action<int> counted)
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
                counted(read);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The other side went away: the connection ends, as a dropped link's would.
        }
    }
}
