namespace Zask.Bench.Servers;

/// <summary>A server that a child process hosts for the client side of the harness.</summary>
internal interface IBenchServer : IAsyncDisposable
{
    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/>; returns once clients can connect.</summary>
    Task StartAsync(int port);
}
