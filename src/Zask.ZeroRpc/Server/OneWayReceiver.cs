using Zask.ZeroRpc.Middleware;

namespace Zask.ZeroRpc.Server;

/// <summary>What pullers and subscribers share: a server without replies on a PULL or SUB socket.</summary>
public abstract class OneWayReceiver : IAsyncDisposable, IDisposable
{
    private readonly ZeroRpcServer _server;

    private protected OneWayReceiver(ZeroRpcServer server) => _server = server;

    private protected ZeroRpcServer Server => _server;

    /// <summary>The middlewares run for each event.</summary>
    public ZeroRpcContext Context => _server.Context;

    /// <summary>Events being handled now.</summary>
    public int InFlightCalls => _server.InFlightCalls;

    /// <summary>Binds to an endpoint and returns the endpoint actually bound.</summary>
    public string Bind(string endpoint) => _server.Bind(endpoint);

    /// <summary>Connects to an endpoint.</summary>
    public void Connect(string endpoint) => _server.Connect(endpoint);

    /// <summary>Receives until <paramref name="cancellationToken"/> fires, then lets running handlers finish.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => _server.RunAsync(cancellationToken);

    /// <summary>Stops receiving and waits for running handlers until <paramref name="drainDeadline"/> fires.</summary>
    public Task StopAsync(CancellationToken drainDeadline = default) => _server.StopAsync(drainDeadline);

    /// <inheritdoc />
    public void Dispose() => _server.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
