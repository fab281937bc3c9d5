using System.Collections.Concurrent;
using Zask.Jobs;

namespace Zask.Tests.Jobs;

/// <summary>A service with job methods, for <see cref="JobCollection.AddService{TService}"/>.</summary>
public sealed class MaintenanceService(ConcurrentQueue<string> order)
{
    [Every(1)]
    public Task Sweep(JobContext job, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        order.Enqueue($"swept {job.Tick:O}");
        return Task.CompletedTask;
    }

    [Cron("0 3 * * *", Name = "nightly", TimeZone = "Europe/Paris")]
    public void Nightly() => order.Enqueue("nightly");

    public void NotAJob() => order.Enqueue("never");
}
