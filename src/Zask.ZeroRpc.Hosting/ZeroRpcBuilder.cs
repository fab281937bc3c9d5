using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc;

/// <summary>
/// Registers ZeroRPC services and typed clients with dependency injection; returned by
/// <see cref="ZeroRpcServiceCollectionExtensions.AddZeroRpc"/>.
/// </summary>
public sealed class ZeroRpcBuilder
{
    internal ZeroRpcBuilder(IServiceCollection services, ZeroRpcExtension extension)
    {
        Services = services;
        Extension = extension;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The app's ZeroRPC extension, also registered as a singleton.</summary>
    public ZeroRpcExtension Extension { get; }

    /// <summary>
    /// Serves <typeparamref name="TService"/> when the app runs, created by the container with constructor injection.
    /// <see cref="ServiceLifetime.Scoped"/> (the default) gives each call its own instance in its own scope, so a
    /// database context or any other scoped dependency lives as long as the call;
    /// <see cref="ServiceLifetime.Singleton"/> serves one instance for every call. Endpoints, version and keys come
    /// from the service's config entry, as for <see cref="ZeroRpcExtension.Server"/>.
    /// </summary>
    /// <param name="lifetime">Scoped or Singleton.</param>
    /// <param name="configure">
    /// Changes to the server's options (the defaults otherwise). A <see cref="TimeProvider"/> registered in the
    /// container is the server's clock unless this sets another.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is Transient.</exception>
    public ZeroRpcBuilder MapService<TService>(ServiceLifetime lifetime = ServiceLifetime.Scoped, Action<ZeroRpcServerOptions>? configure = null)
        where TService : class
    {
        if (lifetime is not (ServiceLifetime.Scoped or ServiceLifetime.Singleton))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime,
                "a ZeroRPC service is Scoped (an instance per call) or Singleton (one for all calls)");
        }
        Services.TryAdd(new Microsoft.Extensions.DependencyInjection.ServiceDescriptor(typeof(TService), typeof(TService), lifetime));
        // The extension comes from the container that runs the service (the app's), not from this builder.
        Services.AddSingleton<IHostedService>(sp => new MappedServiceHost(sp.GetRequiredService<ZeroRpcExtension>(), sp, typeof(TService), lifetime, configure));
        return this;
    }

    /// <summary>
    /// Registers <typeparamref name="TClient"/>, an interface of the remote service's methods, as a singleton typed
    /// client of <paramref name="serviceName"/>: its endpoints, version, access key, CurveZMQ key and load balancing
    /// come from the service's config entry when it is first resolved. It is disposed with the app.
    /// </summary>
    /// <param name="serviceName">The service's name, as in its <c>ZERORPC_&lt;NAME&gt;</c> entry.</param>
    /// <param name="version">The version to call; the entry's default when null.</param>
    /// <param name="configure">
    /// Changes to the client's options (timeout, heartbeat...). A <see cref="TimeProvider"/> registered in the container
    /// is the client's clock unless this sets another.
    /// </param>
    public ZeroRpcBuilder AddClient<TClient>(string serviceName, string? version = null, Action<ZeroRpcClientOptions>? configure = null)
        where TClient : class
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        if (!typeof(TClient).IsInterface)
        {
            throw new ArgumentException($"{typeof(TClient).Name} is not an interface; a typed client is an interface of the remote methods", nameof(TClient));
        }
        Services.AddSingleton(sp => new TypedClientHolder<TClient>(sp.GetRequiredService<ZeroRpcExtension>(), sp.GetService<TimeProvider>(), serviceName, version, configure));
        Services.AddSingleton(sp => sp.GetRequiredService<TypedClientHolder<TClient>>().Proxy);
        return this;
    }
}
