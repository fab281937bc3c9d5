using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Zask.Data;

/// <summary>Registers a <see cref="ZaskDb"/> for dependency injection.</summary>
public static class ZaskDbServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="db"/> as a singleton and <see cref="ZaskSession"/> as a scoped service: each scope
    /// gets its own session, ended (uncommitted changes discarded) when the scope is disposed.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="db">The extension.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddZaskDb(this IServiceCollection services, ZaskDb db)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(db);
        services.TryAddSingleton(db);
        services.TryAddScoped(_ => db.CreateSession());
        return services;
    }
}
