using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Trace;

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
        // Database commands become spans, children of the call's span, once the app exports traces; without a
        // tracer provider this registration does nothing.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddEntityFrameworkCoreInstrumentation());
        return services;
    }
}
