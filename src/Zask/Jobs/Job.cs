namespace Zask.Jobs;

/// <summary>A scheduled job: a name, a schedule and the work; made through <see cref="JobCollection"/>.</summary>
public sealed class Job
{
    private volatile bool _oncePerFleet;

    internal Job(string name, JobSchedule schedule, Func<JobContext, Task> run)
    {
        Name = name;
        Schedule = schedule;
        Run = run;
    }

    /// <summary>The job's name: in its log lines and, for a once-per-fleet job, the lock's key.</summary>
    public string Name { get; }

    /// <summary>When it runs.</summary>
    public JobSchedule Schedule { get; }

    /// <summary>Whether each tick runs on one instance of the fleet only (<see cref="OncePerFleet"/>).</summary>
    public bool RunsOncePerFleet => _oncePerFleet;

    internal Func<JobContext, Task> Run { get; }

    /// <summary>
    /// Runs each tick on exactly one instance of the fleet: the one that claims it through the app's
    /// <see cref="IFleetLock"/> (Zask.Data's lock in the app's database). The app refuses to start without one.
    /// </summary>
    /// <returns>This job.</returns>
    public Job OncePerFleet()
    {
        _oncePerFleet = true;
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Schedule}{(RunsOncePerFleet ? ", once per fleet" : "")})";
}
