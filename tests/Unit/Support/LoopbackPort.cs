using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.Tests.Unit.Support;

/// <summary>Ports on 127.0.0.1 for servers a test starts (git daemon, sshd): a free one, and waiting until one listens.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static void WaitUntilListening(int port, string server)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"{server} did not listen on port {port}");
    }
}
