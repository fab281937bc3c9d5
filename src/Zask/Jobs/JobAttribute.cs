namespace Zask.Jobs;

/// <summary>
/// Marks a method of a service class as a job (<see cref="JobCollection.AddService{TService}"/>). The method may
/// take a <see cref="JobContext"/>, a <see cref="CancellationToken"/> and services of the run's scope, and return
/// nothing, a <see cref="Task"/> or a <see cref="ValueTask"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public abstract class JobAttribute : Attribute
{
    /// <summary>The job's name; <c>Service.Method</c> when null.</summary>
    public string? Name { get; set; }

    /// <summary>Whether each tick runs on one instance of the fleet only (see <see cref="Job.OncePerFleet"/>).</summary>
    public bool OncePerFleet { get; set; }

    /// <summary>The schedule the attribute describes.</summary>
    public abstract JobSchedule Schedule { get; }
}
