using Microsoft.Extensions.DependencyInjection;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Makes the instance of a scoped service for one call, in a dependency-injection scope of its own that ends with
/// the call (so a database context or any other scoped dependency lives exactly as long as the call).
/// </summary>
internal sealed class ServiceActivator(IServiceScopeFactory scopes, Type serviceType)
{
    public Type ServiceType { get; } = serviceType;

    /// <summary>A call's scope; the caller disposes it when the call ends, whatever happened in between.</summary>
    public AsyncServiceScope CreateScope() => scopes.CreateAsyncScope();

    /// <summary>The call's instance of the service, made in <paramref name="scope"/>.</summary>
    public object Resolve(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService(ServiceType);
}
