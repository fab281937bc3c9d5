using Microsoft.Extensions.Hosting;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Runs a <see cref="ZeroRpcServer"/> inside the app's generic host: it starts serving with the host and, on
/// shutdown (Ctrl-C, SIGTERM), refuses new calls and lets calls in flight finish within the host's shutdown
/// timeout (the app's <c>SHUTDOWN_GRACE_PERIOD</c>).
/// </summary>
public sealed class ZeroRpcServerHostedService : IHostedService
{
    /// <summary>Wraps a server.</summary>
    public ZeroRpcServerHostedService(ZeroRpcServer server) => Server = server;

    /// <summary>The server run by this service.</summary>
    public ZeroRpcServer Server { get; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Server.EnsureBound();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Server.StopAsync(cancellationToken);
}
