namespace Zask.Jobs;

/// <summary>One run of a job: its name, the tick it runs for, its own DI scope and the token that stops it.</summary>
public sealed class JobContext
{
    internal JobContext(Job job, DateTimeOffset tick, IServiceProvider services, CancellationToken cancellationToken)
    {
        Job = job;
        Tick = tick;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job being run.</summary>
    public Job Job { get; }

    /// <summary>The job's name.</summary>
    public string Name => Job.Name;

    /// <summary>The scheduled instant this run is for (UTC), the same on every instance of a fleet.</summary>
    public DateTimeOffset Tick { get; }

    /// <summary>The run's own DI scope: scoped services (a database session...) live as long as the run.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the app stops and the shutdown grace period has run out.</summary>
    public CancellationToken CancellationToken { get; }
}
