using NetMQ;
using NetMQ.Sockets;

namespace Zask.Cli.Tests;

/// <summary>A ZeroMQ peer on loopback that takes requests and never answers, not even with a heartbeat.</summary>
public sealed class SilentPeer : IDisposable
{
    private readonly RouterSocket _socket = new();

    public SilentPeer() => Endpoint = $"tcp://127.0.0.1:{_socket.BindRandomPort("tcp://127.0.0.1")}";

    public string Endpoint { get; }

    public void Dispose() => _socket.Dispose();
}
