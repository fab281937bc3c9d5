using System.Net;
using System.Net.Sockets;

namespace Zask.Testing;

/// <summary>Loopback ports nobody listens on right now, from the OS (for servers and configs that name an endpoint).</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago; the listener that got it is closed before it returns.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><c>tcp://127.0.0.1:</c> and a free port.</summary>
    public static string Endpoint() => $"tcp://127.0.0.1:{Next()}";
}
