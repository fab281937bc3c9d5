using System.Net;
using System.Net.Sockets;

namespace Zask.Reliability.Tests.Support;

/// <summary>A loopback port that was free a moment ago, for servers that must come back on the same port.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
