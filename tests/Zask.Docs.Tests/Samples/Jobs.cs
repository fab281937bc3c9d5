using Microsoft.Extensions.DependencyInjection;
using Zask;
using Zask.Jobs;

namespace DocsSamples;

#region docs:jobs-service
public sealed class CartMaintenance(CartStore carts)
{
    [Every(300)]                                        // every 5 minutes
    public Task PurgeExpired(CancellationToken cancellationToken) =>
        carts.PurgeExpiredAsync(cancellationToken);

    [Cron("0 3 * * *", TimeZone = "Europe/Paris", OncePerFleet = true)]
    public void NightlyReport(JobContext job) =>
        Console.WriteLine($"report for {job.Tick:yyyy-MM-dd}");
}
#endregion

#region docs:jobs-class
public sealed class RebuildIndex(CartStore carts) : IJob
{
    public Task RunAsync(JobContext context) => carts.RebuildIndexAsync(context.CancellationToken);
}
#endregion

/// <summary>What the sample jobs work on.</summary>
public sealed class CartStore
{
    private int _purges;
    private int _rebuilds;

    public int Purges => Volatile.Read(ref _purges);

    public int Rebuilds => Volatile.Read(ref _rebuilds);

    public Task PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _purges);
        return Task.CompletedTask;
    }

    public Task RebuildIndexAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _rebuilds);
        return Task.CompletedTask;
    }
}

public static class JobsSamples
{
    public static ZaskApp CreateApp(string root)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "carts", RootPath = root, EnvironmentPrefix = null });
        app.Services.AddSingleton<CartStore>();

        #region docs:jobs-app
        app.Jobs.Every("purge_carts", TimeSpan.FromMinutes(5), async job =>
        {
            var carts = job.Services.GetRequiredService<CartStore>();
            await carts.PurgeExpiredAsync(job.CancellationToken);
        });
        app.Jobs.Cron("weekly_digest", "30 8 * * MON", "Europe/Paris", job =>
        {
            Console.WriteLine($"digest of the week before {job.Tick:O}");
            return Task.CompletedTask;
        });
        app.Jobs.Add<RebuildIndex>(JobSchedule.Every(TimeSpan.FromHours(1)));
        #endregion
        return app;
    }

    public static IReadOnlyList<Job> AddServiceJobs(ZaskApp app)
    {
        #region docs:jobs-add-service
        var jobs = app.Jobs.AddService<CartMaintenance>();   // CartMaintenance.PurgeExpired, CartMaintenance.NightlyReport
        #endregion
        return jobs;
    }

    public static Job FleetJob(ZaskApp app)
    {
        #region docs:jobs-fleet
        var invoicing = app.Jobs.Cron("send_invoices", "0 * * * *", job => SendInvoicesAsync(job.CancellationToken))
            .OncePerFleet();
        #endregion
        return invoicing;
    }

    private static Task SendInvoicesAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
