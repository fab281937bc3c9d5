using System.Net;
using System.Net.Sockets;

namespace Zask.Bench.Infrastructure;

/// <summary>Finds a free loopback port to hand to a server child.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
