namespace Zask.Interop.Tests.Support;

/// <summary>
/// One zerorpc-node server shared by a test class (starting node costs ~100 ms). When the peer is missing the
/// server is not started: the tests are then skipped, or fail through <see cref="Endpoint"/> when CI requires them.
/// </summary>
public sealed class NodeServerFixture : IAsyncLifetime
{
    /// <summary>The heartbeat period of the Node server; our client must use the same (each side judges by its own).</summary>
    public const int HeartbeatMilliseconds = 1000;

    private NodeServerProcess? _server;

    /// <summary>The Node server's endpoint; throws the peer's problem when it could not start.</summary>
    public string Endpoint
    {
        get
        {
            NodePeer.EnsureAvailable();
            return _server?.Endpoint ?? throw new InvalidOperationException("the Node server was not started");
        }
    }

    /// <summary>The Node server's stderr, for failure messages.</summary>
    public string ServerLog => _server?.Stderr ?? "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (NodePeer.IsAvailable)
        {
            _server = await NodeServerProcess.StartAsync(HeartbeatMilliseconds);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
