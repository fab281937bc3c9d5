using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zask.Data.Jobs;
using Zask.Jobs;
using OpenTelemetry.Trace;

namespace Zask.Data;

/// <summary>Registers a <see cref="ZaskDb"/> for dependency injection.</summary>
public static class ZaskDbServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="db"/> as a singleton and <see cref="ZaskSession"/> as a scoped service: each scope
    /// gets its own session, ended (uncommitted changes discarded) when the scope is disposed. The app's jobs get a
    /// <see cref="ZaskDb.Session"/> of their own per run, and once-per-fleet jobs their fleet lock in the default
    /// database (the <c>zask_job_ticks</c> table, and on PostgreSQL an advisory lock per job).
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
        services.TryAddSingleton<IFleetLock>(new DatabaseFleetLock(db));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobFilter, JobSessionFilter>(_ => new JobSessionFilter(db)));
        // Database commands become spans, children of the call's span, once the app exports traces; without a
        // tracer provider this registration does nothing.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddEntityFrameworkCoreInstrumentation());
        return services;
    }
}
