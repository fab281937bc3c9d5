using System.Net;
using System.Net.Sockets;

namespace Zask.Docs.Tests.Support;

/// <summary>Loopback ports nobody listens on right now (for samples whose config names fixed endpoints).</summary>
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
