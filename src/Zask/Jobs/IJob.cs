namespace Zask.Jobs;

/// <summary>A job as a class, created in each run's DI scope (<see cref="JobCollection.Add{TJob}"/>).</summary>
public interface IJob
{
    /// <summary>Does the job's work once.</summary>
    /// <param name="context">The run: tick, scope and cancellation.</param>
    /// <returns>A task completing when the run is done.</returns>
    Task RunAsync(JobContext context);
}
