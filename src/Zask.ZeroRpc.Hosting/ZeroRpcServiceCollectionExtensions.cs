using Microsoft.Extensions.DependencyInjection;
using Zask.ZeroRpc.Client;

namespace Zask.ZeroRpc;

/// <summary>Dependency-injection registration of ZeroRPC, the generic-host way (<c>app.Services.AddZeroRpc()</c>).</summary>
public static class ZeroRpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds ZeroRPC to a <see cref="ZaskApp"/>'s services: the app's <see cref="ZeroRpcExtension"/> (made now with
    /// the default middlewares unless one is already bound to the app) as a singleton, and a builder to map services
    /// and typed clients with. Calling it again returns a builder over the same extension.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="services"/> is not a <see cref="ZaskApp"/>'s.</exception>
    public static ZeroRpcBuilder AddZeroRpc(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var app = services.LastOrDefault(d => d.ServiceType == typeof(ZaskApp))?.ImplementationInstance as ZaskApp
            ?? throw new InvalidOperationException("AddZeroRpc() needs a ZaskApp's services: call app.Services.AddZeroRpc().");
        var extension = app.Extensions.TryGetValue(ZeroRpcExtension.ExtensionKey, out var bound) && bound is ZeroRpcExtension existing
            ? existing
            : new ZeroRpcExtension(app);
        if (!services.Any(d => d.ServiceType == typeof(ZeroRpcExtension)))
        {
            services.AddSingleton(extension);
        }
        return new ZeroRpcBuilder(services, extension);
    }

    /// <summary>
    /// Registers a typed client of <paramref name="serviceName"/> (see <see cref="ZeroRpcBuilder.AddClient{TClient}"/>);
    /// adds ZeroRPC first if needed.
    /// </summary>
    public static IServiceCollection AddZeroRpcClient<TClient>(this IServiceCollection services, string serviceName,
        string? version = null, Action<ZeroRpcClientOptions>? configure = null)
        where TClient : class
    {
        services.AddZeroRpc().AddClient<TClient>(serviceName, version, configure);
        return services;
    }
}
