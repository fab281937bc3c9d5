using Microsoft.Extensions.DependencyInjection;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Makes the instance of a scoped service for one call, in a dependency-injection scope of its own that ends with
/// the call (so a database context or any other scoped dependency lives exactly as long as the call).
/// </summary>
internal sealed class ServiceActivator(IServiceScopeFactory scopes, Type serviceType)
{
    public Type ServiceType { get; } = serviceType;

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
}
