using Microsoft.Extensions.DependencyInjection;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Makes the instance of a scoped service for one call, in a dependency-injection scope of its own that ends with
/// the call (so a database context or any other scoped dependency lives exactly as long as the call). Public so that
/// a host (the app's <c>MapService</c>, or your own) can serve a service registered in a container.
/// </summary>
/// <param name="scopes">The container's scope factory.</param>
/// <param name="serviceType">The service's type, as registered in the container.</param>
public sealed class ServiceActivator(IServiceScopeFactory scopes, Type serviceType)
{
    /// <summary>The service's type, as registered in the container.</summary>
    public Type ServiceType { get; } = serviceType;

    /// <summary>Opens a scope and makes the service's instance in it; the caller disposes the scope when the call ends.</summary>
    /// <param name="instance">The instance made in the new scope.</param>
    public AsyncServiceScope CreateScope(out object instance)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            instance = scope.ServiceProvider.GetRequiredService(ServiceType);
            return scope;
        }
        catch
        {
            // A constructor that throws must not leave the scope's other services undisposed.
            scope.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a call's scope without making the instance yet (the server's hooks run in it first); the caller disposes
    /// it when the call ends, whatever happened in between.
    /// </summary>
    public AsyncServiceScope CreateScope() => scopes.CreateAsyncScope();

    /// <summary>The call's instance of the service, made in <paramref name="scope"/>.</summary>
    /// <param name="scope">A scope from <see cref="CreateScope()"/>.</param>
    public object Resolve(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService(ServiceType);
}
