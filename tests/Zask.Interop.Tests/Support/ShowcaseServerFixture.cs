using Showcase;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Server;

namespace Zask.Interop.Tests.Support;

/// <summary>Our showcase service served on a free loopback port for the Node client to call.</summary>
public sealed class ShowcaseServerFixture : IDisposable
{
    /// <summary>Heartbeat period of both our server and the Node client (client.js takes milliseconds).</summary>
    public const int HeartbeatMilliseconds = 1000;

    private readonly ZeroRpcServer _server;

    /// <summary>Binds the server.</summary>
    public ShowcaseServerFixture()
    {
        _server = new ZeroRpcServer(new ShowcaseService(), new ZeroRpcServerOptions
        {
            Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatMilliseconds / 1000.0),
        });
        Endpoint = _server.Bind("tcp://127.0.0.1:*");
    }

    /// <summary>The bound endpoint.</summary>
    public string Endpoint { get; }

    /// <inheritdoc />
    public void Dispose() => _server.Dispose();
}
