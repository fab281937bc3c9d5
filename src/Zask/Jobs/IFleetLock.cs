namespace Zask.Jobs;

/// <summary>
/// Decides which instance of a fleet runs a once-per-fleet job's tick (<see cref="Job.OncePerFleet"/>), in storage
/// every instance shares. Zask.Data provides one on the app's database.
/// </summary>
public interface IFleetLock
{
    /// <summary>
    /// Claims <paramref name="tick"/> of <paramref name="jobName"/> for this instance. Returns a handle to dispose when
    /// the run ends, or null when another instance has claimed that tick or is still running the job. A tick is
    /// claimed at most once, even by an instance that died while running it.
    /// </summary>
    /// <param name="jobName">The job's name, the same on every instance.</param>
    /// <param name="tick">The tick, the same instant on every instance.</param>
    /// <param name="cancellationToken">Gives up the attempt.</param>
    /// <returns>The claim, or null when this instance must skip the tick.</returns>
    Task<IAsyncDisposable?> TryClaimAsync(string jobName, DateTimeOffset tick, CancellationToken cancellationToken);
}
