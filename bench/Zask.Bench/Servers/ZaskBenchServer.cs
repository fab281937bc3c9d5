using Zask.ZeroRpc.Wire;
using Zask.ZeroRpc.Server;

namespace Zask.Bench.Servers;

/// <summary>
/// A stock <see cref="ZeroRpcServer"/> serving <see cref="BenchService"/>, with default options, encrypted when
/// <paramref name="security"/> is given.
/// </summary>
internal sealed class ZaskBenchServer(TransportSecurity? security = null) : IBenchServer
{
    private readonly CancellationTokenSource _stop = new();
    private ZeroRpcServer? _server;
    private Task? _run;

    public Task StartAsync(int port)
    {
        _server = new ZeroRpcServer(new BenchService(), new ZeroRpcServerOptions { ShutdownGracePeriod = TimeSpan.FromSeconds(2), Security = security });
        _server.Bind($"tcp://127.0.0.1:{port}");
        _run = _server.RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _stop.Dispose();
    }
}
