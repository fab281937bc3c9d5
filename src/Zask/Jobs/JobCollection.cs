using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Zask.Jobs;

/// <summary>
/// The app's scheduled jobs (<see cref="ZaskApp.Jobs"/>). Jobs run inside the app's host once it starts, each run
/// in its own DI scope; a job never overlaps itself (a tick that comes while it still runs is skipped), an
/// exception is logged with the job's name and the next tick runs as usual, and on stop a running job gets the
/// shutdown grace period to finish before its token is cancelled.
/// </summary>
/// <example>
/// <code>
/// app.Jobs.Every("purge_carts", TimeSpan.FromMinutes(5), async job =>
/// {
///     var carts = job.Services.GetRequiredService&lt;CartStore&gt;();
///     await carts.PurgeExpiredAsync(job.CancellationToken);
/// });
/// app.Jobs.Cron("nightly_report", "0 3 * * *", "Europe/Paris", SendReportAsync).OncePerFleet();
/// </code>
/// </example>
public sealed class JobCollection
{
    private readonly IServiceCollection _services;
    private readonly Func<bool> _isBuilt;
    private readonly List<Job> _jobs = [];
    private readonly Lock _sync = new();

    internal JobCollection(IServiceCollection services, Func<bool> isBuilt)
    {
        _services = services;
        _isBuilt = isBuilt;
    }

    /// <summary>The jobs added so far.</summary>
    public IReadOnlyList<Job> All
    {
        get
        {
            lock (_sync)
            {
                return [.. _jobs];
            }
        }
    }

    /// <summary>Runs <paramref name="run"/> every <paramref name="interval"/> (see <see cref="JobSchedule.Every"/>).</summary>
    /// <returns>The job, to mark <see cref="Job.OncePerFleet"/>.</returns>
    public Job Every(string name, TimeSpan interval, Func<JobContext, Task> run) => Add(name, JobSchedule.Every(interval), run);

    /// <summary>Runs <paramref name="run"/> at the times of a cron expression, read in UTC.</summary>
    /// <returns>The job, to mark <see cref="Job.OncePerFleet"/>.</returns>
    public Job Cron(string name, string expression, Func<JobContext, Task> run) => Add(name, JobSchedule.Cron(expression), run);

    /// <summary>Runs <paramref name="run"/> at the times of a cron expression, read in the zone <paramref name="timeZoneId"/>.</summary>
    /// <returns>The job, to mark <see cref="Job.OncePerFleet"/>.</returns>
    public Job Cron(string name, string expression, string timeZoneId, Func<JobContext, Task> run) =>
        Add(name, JobSchedule.Cron(expression, timeZoneId), run);

    /// <summary>Runs <paramref name="run"/> on <paramref name="schedule"/>.</summary>
    /// <param name="name">Unique among the app's jobs.</param>
    /// <param name="schedule">When it runs.</param>
    /// <param name="run">The work.</param>
    /// <returns>The job, to mark <see cref="Job.OncePerFleet"/>.</returns>
    /// <exception cref="ArgumentException">Another job has that name.</exception>
    /// <exception cref="InvalidOperationException">The app has been built.</exception>
    public Job Add(string name, JobSchedule schedule, Func<JobContext, Task> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(run);
        lock (_sync)
        {
            if (_isBuilt())
            {
                throw new InvalidOperationException($"The application has been built; job '{name}' can no longer be added.");
            }
            if (_jobs.Exists(j => j.Name == name))
            {
                throw new ArgumentException($"a job named '{name}' is already scheduled", nameof(name));
            }
            if (_jobs.Count == 0)
            {
                _services.TryAddSingleton(TimeProvider.System);
                _services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<JobScheduler>(sp, this));
            }
            var job = new Job(name, schedule, run);
            _jobs.Add(job);
            return job;
        }
    }

    /// <summary>Runs <typeparamref name="TJob"/>, created in each run's scope with constructor injection, on <paramref name="schedule"/>.</summary>
    /// <param name="schedule">When it runs.</param>
    /// <param name="name">The job's name; the class name when null.</param>
    /// <returns>The job, to mark <see cref="Job.OncePerFleet"/>.</returns>
    public Job Add<TJob>(JobSchedule schedule, string? name = null)
        where TJob : class, IJob =>
        Add(name ?? typeof(TJob).Name, schedule, context => ActivatorUtilities.GetServiceOrCreateInstance<TJob>(context.Services).RunAsync(context));

    /// <summary>
    /// Adds every method of <typeparamref name="TService"/> marked <see cref="EveryAttribute"/> or
    /// <see cref="CronAttribute"/>. Each run resolves the service from its scope (or creates it with constructor
    /// injection when it is not registered) and calls the method.
    /// </summary>
    /// <returns>The jobs added.</returns>
    /// <exception cref="ArgumentException">A marked method's parameters or return type cannot be used for a job.</exception>
    public IReadOnlyList<Job> AddService<TService>()
        where TService : class
    {
        var added = new List<Job>();
        foreach (var method in typeof(TService).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<JobAttribute>() is not { } attribute)
            {
                continue;
            }
            var invoke = JobMethod.Compile<TService>(method);
            var job = Add(attribute.Name ?? $"{typeof(TService).Name}.{method.Name}", attribute.Schedule, invoke);
            if (attribute.OncePerFleet)
            {
                job.OncePerFleet();
            }
            added.Add(job);
        }
        return added;
    }
}
