using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.Bench;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of another local port (the git daemon) that counts the bytes going each way,
/// so a benchmark can say what a publish costs on the wire without capturing packets. With
/// <c>protocolV0Only</c> it also plays an old server: the client's request for protocol v2 is dropped before the
/// daemon sees it (the bytes counted are still the ones the client sent).
/// </summary>
public sealed class ByteCountingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _protocolV0Only;
    private long _toServer;
    private long _toClient;
    private long _connections;

    public ByteCountingProxy(int targetPort, bool protocolV0Only = false)
    {
        _target = targetPort;
        _protocolV0Only = protocolV0Only;
        _listener.Start(backlog: 512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoop();
    }

    public int Port { get; }

    /// <summary>Bytes sent by clients to the server so far (pushes' packs, fetches' wants and haves).</summary>
    public long ToServer => Interlocked.Read(ref _toServer);

    /// <summary>Bytes sent by the server to clients so far (ref advertisements, fetched packs).</summary>
    public long ToClient => Interlocked.Read(ref _toClient);

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>The counts so far; the difference of two is what happened in between.</summary>
    public WireCount Snapshot() => new(ToServer, ToClient, Connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Relay(client);
        }
    }

    private async Task Relay(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target).ConfigureAwait(false);
                if (_protocolV0Only)
                {
                    await ForwardRequestWithoutV2(client.GetStream(), server.GetStream()).ConfigureAwait(false);
                }

                var up = Pump(client.GetStream(), server, toServer: true);
                var down = Pump(server.GetStream(), client, toServer: false);
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // A connection cut short is the client's or the daemon's business; the counts so far stand.
            }
        }
    }

    private async Task ForwardRequestWithoutV2(NetworkStream from, NetworkStream to)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (GitDaemonRequest.Length(received.ToArray()) is not { } length || received.Count < length)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, 1)).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            received.Add(buffer[0]);
        }

        Interlocked.Add(ref _toServer, received.Count);
        await to.WriteAsync(GitDaemonRequest.WithoutExtraParameters(received.ToArray())).ConfigureAwait(false);
    }

    private async Task Pump(NetworkStream from, TcpClient to, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        var output = to.GetStream();
        while (true)
        {
            var read = await from.ReadAsync(buffer).ConfigureAwait(false);
            if (read == 0)
            {
                // Half-close, so the other side sees end of file as git's protocol expects after a push's pack.
                to.Client.Shutdown(SocketShutdown.Send);
                return;
            }

            await output.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            if (toServer)
            {
                Interlocked.Add(ref _toServer, read);
            }
            else
            {
                Interlocked.Add(ref _toClient, read);
            }
        }
    }
}
