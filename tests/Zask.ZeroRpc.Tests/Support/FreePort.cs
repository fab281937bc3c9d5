using System.Net;
using System.Net.Sockets;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>A loopback port nobody listens on right now.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Endpoint() => $"tcp://127.0.0.1:{Next()}";
}
