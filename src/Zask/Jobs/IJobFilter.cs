namespace Zask.Jobs;

/// <summary>
/// Wraps every job run, registered as a singleton <see cref="IJobFilter"/> service; filters run in registration
/// order, each around the next. Zask.Data registers one that gives each run its own database session.
/// </summary>
public interface IJobFilter
{
    /// <summary>Runs <paramref name="next"/> (the rest of the run), doing work before and after it.</summary>
    /// <param name="context">The run.</param>
    /// <param name="next">The next filter or the job itself.</param>
    /// <returns>A task completing when the run is done.</returns>
    Task InvokeAsync(JobContext context, Func<Task> next);
}
