using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc;

/// <summary>
/// Serves a service registered by type (<see cref="ZeroRpcBuilder.MapService{TService}"/>): at host start it makes
/// the server from the container (one instance, or one per call in its own scope), then runs it like
/// <see cref="ZeroRpcServerHostedService"/>, through which it registers in the entry's registry when one is named.
/// </summary>
internal sealed class MappedServiceHost(
    ZeroRpcExtension rpc, IServiceProvider services, Type serviceType, ServiceLifetime lifetime, Action<ZeroRpcServerOptions>? configure)
    : IHostedService, IAsyncDisposable
{
    private ZeroRpcServer? _server;
    private ZeroRpcServerHostedService? _hosted;

    public ZeroRpcServer? Server => _server;

    /// <summary>The registration of the server's endpoints, when its entry names a registry and it has started.</summary>
    public Zask.Registry.Etcd.EtcdServiceRegistration? Registration => _hosted?.Registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The container's clock, when it has one, so that a host's tests drive heartbeats with a fake one.
        var options = new ZeroRpcServerOptions { TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System };
        configure?.Invoke(options);
        if (lifetime == ServiceLifetime.Singleton)
        {
            _server = rpc.CreateServer(services.GetRequiredService(serviceType), null, options);
        }
        else
        {
            var activator = new ServiceActivator(services.GetRequiredService<IServiceScopeFactory>(), serviceType);
            // One instance to read the name and version from (a ServiceName property may give them); it is not served.
            using var scope = activator.CreateScope();
            var prototype = activator.Resolve(scope);
            _server = rpc.CreateServer(prototype, activator, options);
        }
        // The same hosted service as the extension's servers: it binds, registers, and deregisters before the drain.
        _hosted = rpc.HostedServiceFor(_server);
        return _hosted.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _hosted?.StopAsync(cancellationToken) ?? _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
